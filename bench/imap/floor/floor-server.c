/*
 * The floor of the IMAP bench: a server that does no work. It answers every command with the bytes a real server
 * answered it with (recorded by record.py), so the kernel, the loopback and the harness do exactly what they do
 * for that server, and nothing else is spent: no parsing beyond finding the line, no store, no state.
 * A workload's rate against it is the most any server can reach on this machine with this client; its rate
 * divided by the recorded server's is the largest ratio any server could show against that server.
 *
 *   floor-server PORT RECORDS
 *
 * Listens on 127.0.0.1:PORT, one thread per connection, blocking reads and one write per answer (as both servers
 * measured beside it do). A command line is looked up without its tag (any LOGIN as "LOGIN"); an unknown one is
 * answered "BAD" (the harness counts it as an error, so a run that strays from the recording shows). LOGOUT ends
 * the connection after its answer.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct record {
  char *key;
  size_t key_len;
  char *untagged;
  size_t untagged_len;
  char *rest; /* the tagged line after "TAG " */
  size_t rest_len;
};

static struct record *records;
static size_t record_count;
static struct record **table; /* open addressing, size a power of two */
static size_t table_mask;

static const char GREETING[] = "* OK [CAPABILITY IMAP4rev1 LITERAL+] floor ready.\r\n";

static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
  }
  return h;
}

static struct record *lookup(const char *key, size_t n) {
  for (size_t i = hash(key, n) & table_mask;; i = (i + 1) & table_mask) {
    struct record *r = table[i];
    if (r == NULL) {
      return NULL;
    }
    if (r->key_len == n && memcmp(r->key, key, n) == 0) {
      return r;
    }
  }
}

static char *read_part(FILE *f, size_t *len) {
  uint32_t n;
  if (fread(&n, 4, 1, f) != 1) { /* the records are written little-endian, as this machine reads them */
    return NULL;
  }
  char *p = malloc(n + 1);
  if (p == NULL || (n > 0 && fread(p, 1, n, f) != n)) {
    fprintf(stderr, "floor-server: truncated records\n");
    exit(1);
  }
  *len = n;
  return p;
}

static void load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  size_t capacity = 1024;
  records = malloc(capacity * sizeof *records);
  struct record r;
  while ((r.key = read_part(f, &r.key_len)) != NULL) {
    r.untagged = read_part(f, &r.untagged_len);
    r.rest = read_part(f, &r.rest_len);
    if (r.untagged == NULL || r.rest == NULL) {
      fprintf(stderr, "floor-server: truncated records\n");
      exit(1);
    }
    if (record_count == capacity) {
      capacity *= 2;
      records = realloc(records, capacity * sizeof *records);
      if (records == NULL) {
        fprintf(stderr, "floor-server: out of memory\n");
        exit(1);
      }
    }
    records[record_count++] = r;
  }
  fclose(f);
  size_t size = 1;
  while (size < record_count * 2) {
    size *= 2;
  }
  table = calloc(size, sizeof *table);
  table_mask = size - 1;
  for (size_t k = 0; k < record_count; k++) {
    size_t i = hash(records[k].key, records[k].key_len) & table_mask;
    while (table[i] != NULL) {
      i = (i + 1) & table_mask;
    }
    table[i] = &records[k];
  }
}

static int write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) {
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

static void *serve(void *arg) {
  int fd = (int)(intptr_t)arg;
  size_t in_cap = 65536, in_len = 0, out_cap = 65536;
  char *in = malloc(in_cap), *out = malloc(out_cap);
  if (in == NULL || out == NULL || write_all(fd, GREETING, sizeof GREETING - 1) != 0) {
    goto done;
  }
  for (;;) {
    char *eol;
    while ((eol = memchr(in, '\n', in_len)) == NULL) {
      if (in_len == in_cap) {
        goto done; /* a line longer than the buffer: not one the harness sends */
      }
      ssize_t n = read(fd, in + in_len, in_cap - in_len);
      if (n <= 0) {
        goto done;
      }
      in_len += (size_t)n;
    }
    size_t line_len = (size_t)(eol - in) + 1;
    size_t text_len = line_len - 1;
    if (text_len > 0 && in[text_len - 1] == '\r') {
      text_len--;
    }
    char *space = memchr(in, ' ', text_len);
    size_t tag_len = space ? (size_t)(space - in) : text_len;
    const char *key = space ? space + 1 : in + text_len;
    size_t key_len = space ? text_len - tag_len - 1 : 0;
    if (key_len >= 6 && strncasecmp(key, "LOGIN ", 6) == 0) {
      key_len = 5;
    }
    struct record *r = lookup(key, key_len);
    static const char BAD[] = "BAD not in the recording\r\n";
    size_t need = tag_len + 1 + (r ? r->untagged_len + r->rest_len : sizeof BAD);
    if (need > out_cap) {
      char *bigger = realloc(out, need);
      if (bigger == NULL) {
        goto done;
      }
      out = bigger;
      out_cap = need;
    }
    size_t n = 0;
    if (r != NULL) {
      memcpy(out, r->untagged, r->untagged_len);
      n = r->untagged_len;
    }
    memcpy(out + n, in, tag_len);
    n += tag_len;
    out[n++] = ' ';
    if (r != NULL) {
      memcpy(out + n, r->rest, r->rest_len);
      n += r->rest_len;
    } else {
      memcpy(out + n, BAD, sizeof BAD - 1);
      n += sizeof BAD - 1;
    }
    int logout = r != NULL && key_len == 6 && memcmp(key, "LOGOUT", 6) == 0;
    memmove(in, in + line_len, in_len - line_len);
    in_len -= line_len;
    if (write_all(fd, out, n) != 0 || logout) {
      goto done;
    }
  }
done:
  close(fd);
  free(in);
  free(out);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: floor-server PORT RECORDS\n");
    return 2;
  }
  load(argv[2]);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(s, 1024) != 0) {
    perror("floor-server: listen");
    return 1;
  }
  fprintf(stderr, "floor-server: %zu answers, listening on 127.0.0.1:%s\n", record_count, argv[1]);
  for (;;) {
    int c = accept(s, NULL, NULL);
    if (c < 0) {
      continue;
    }
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, serve, (void *)(intptr_t)c) != 0) {
      close(c);
    }
    pthread_attr_destroy(&attr);
  }
}
