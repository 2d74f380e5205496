#include "mail/smtp_transport.h"

#include <cstring>

#include "async/curl_handles.h"

namespace tw::mail {
namespace {

struct Upload {
  std::string data;
  std::size_t at = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  const auto n = std::min(size * count, u->data.size() - u->at);
  std::memcpy(buffer, u->data.data() + u->at, n);
  u->at += n;
  return n;
}

core::Status send_blocking(const std::string& url, const MailMessage& m, long timeout_ms) {
  CurlEasy curl(curl_easy_init());
  if (!curl) return core::internal("libcurl could not start");
  Upload upload{to_rfc5322(m)};
  CurlList recipients(curl_slist_append(nullptr, ("<" + m.to.address + ">").c_str()));
  const auto from = "<" + m.from.address + ">";
  char error[CURL_ERROR_SIZE] = "";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const auto rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return core::unavailable("mail_unsent", std::string("the mail server did not take the message: ") +
                                                (*error ? error : curl_easy_strerror(rc)));
  }
  return core::Ok{};
}

}  // namespace

bool is_smtp_url(std::string_view url) {
  for (std::string_view scheme : {"smtp://", "smtps://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

SmtpTransport::SmtpTransport(std::string url, WorkerPool& pool, std::chrono::milliseconds timeout)
    : url_(std::move(url)), pool_(pool), timeout_(timeout) {
  init_curl_once();
}

// Not a coroutine itself: the work and what it needs go to the pool whole.
Task<core::Status> SmtpTransport::send(MailMessage message) {
  return pool_.run([url = url_, m = std::move(message), timeout = timeout_.count()]() -> core::Status {
    return send_blocking(url, m, static_cast<long>(timeout));
  });
}

}  // namespace tw::mail
