# Sourced by run.sh and per-op.sh: the bench's Mailcove configuration, IMAP only on 127.0.0.1.
# imap_only_config FILE PORT: writes it to FILE (the caller may append an [imap] section).
imap_only_config() {
  cat >"$1" <<TOML
hostname = "bench.test"
data_dir = "data"
[listeners]
smtp = "off"
submission = "off"
submissions = "off"
imap = "127.0.0.1:$2"
imaps = "off"
pop3 = "off"
pop3s = "off"
managesieve = "off"
http = "off"
https = "off"
TOML
}
