package io.mailcove.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5256 §2.1 base subject extraction. */
class BaseSubjectTest {
  @Test
  void removesLeadersTrailersAndBlobs() {
    assertThat(BaseSubject.of("Re: hello")).isEqualTo("hello");
    assertThat(BaseSubject.of("RE: [list] Fwd: Re[2]: hello  (fwd)")).isEqualTo("hello");
    assertThat(BaseSubject.of("[list] hello")).isEqualTo("hello");
    assertThat(BaseSubject.of("[only a blob]")).isEqualTo("[only a blob]");
    assertThat(BaseSubject.of("re: [fwd: [fwd: re: [fwd: babylon]]]")).isEqualTo("babylon");
    assertThat(BaseSubject.of("Ad: Re: x")).isEqualTo("Ad: Re: x");
    assertThat(BaseSubject.of("\ttabs\t and  spaces ")).isEqualTo("tabs and spaces");
    assertThat(BaseSubject.of(null)).isEmpty();
  }

  @Test
  void reportsReplyOrForward() {
    assertThat(BaseSubject.extract("Re: x").replyOrForward()).isTrue();
    assertThat(BaseSubject.extract("x (fwd)").replyOrForward()).isTrue();
    assertThat(BaseSubject.extract("[fwd: x]").replyOrForward()).isTrue();
    assertThat(BaseSubject.extract("[list] x").replyOrForward()).isFalse();
    assertThat(BaseSubject.extract("x").replyOrForward()).isFalse();
  }

  @Test
  void rendersRfcThreadExample() {
    // RFC 5256 §4 example response shape: (3 6 (4 23)(44 7 96))
    ThreadReferences.Node n96 = new ThreadReferences.Node(96, java.util.List.of());
    ThreadReferences.Node n7 = new ThreadReferences.Node(7, java.util.List.of(n96));
    ThreadReferences.Node n44 = new ThreadReferences.Node(44, java.util.List.of(n7));
    ThreadReferences.Node n23 = new ThreadReferences.Node(23, java.util.List.of());
    ThreadReferences.Node n4 = new ThreadReferences.Node(4, java.util.List.of(n23));
    ThreadReferences.Node n6 = new ThreadReferences.Node(6, java.util.List.of(n4, n44));
    ThreadReferences.Node n3 = new ThreadReferences.Node(3, java.util.List.of(n6));
    assertThat(ThreadReferences.render(java.util.List.of(n3))).isEqualTo("(3 6 (4 23)(44 7 96))");
  }
}
