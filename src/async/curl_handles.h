#pragma once
// libcurl's easy handles and lists as owned values, and its global set-up done once: what every
// libcurl adapter (mail/smtp_transport, webhooks/curl_webhook_client) needs. Header-only; its
// users link libcurl.
#include <curl/curl.h>

#include <memory>

namespace tw {

struct CurlEasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct CurlListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;

// curl_global_init, once per process, before the first transfer (call it from a constructor
// that runs before any; static initialisation is thread-safe).
inline void init_curl_once() {
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  (void)initialised;
}

}  // namespace tw
