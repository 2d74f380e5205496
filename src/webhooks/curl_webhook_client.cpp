#include "webhooks/curl_webhook_client.h"

#include <arpa/inet.h>
#include <netdb.h>

#include <memory>

#include "async/curl_handles.h"
#include "webhooks/address_policy.h"
#include "webhooks/signature.h"

namespace tw::webhooks {
namespace {

std::size_t ignore_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

int port_of(const std::string& url) {
  const auto scheme_end = url.find("://");
  auto authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  const auto bracket = authority.find(']');
  const auto colon = authority.find(':', bracket == std::string::npos ? 0 : bracket);
  if (colon != std::string::npos) return std::atoi(authority.c_str() + colon + 1);
  return url.starts_with("https://") ? 443 : 80;
}

// The host's first address deliveries may reach, or why there is none.
struct Resolved {
  std::string address;
  std::string error;
};

Resolved resolve(const std::string& host, bool allow_private) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return {"", "cannot resolve " + host};
  std::unique_ptr<addrinfo, void (*)(addrinfo*)> all(found, freeaddrinfo);
  Resolved r{"", host + " is not a public address (start the server with --allow-private-webhooks to allow it)"};
  for (auto* a = found; a; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = "";
    const void* bytes = a->ai_family == AF_INET ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                                                : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if (!inet_ntop(a->ai_family, bytes, text, sizeof text)) continue;
    if (!allow_private && !is_public_address(text)) return r;  // one private address taints the name
    if (r.address.empty()) r.address = text;
  }
  if (!r.address.empty()) r.error.clear();
  return r;
}

PostAnswer post_blocking(const std::string& url, const std::string& body, const std::string& signature,
                         const CurlWebhookClientOptions& options) {
  if (auto st = check_webhook_url(url); !st) return {0, st.error().message};
  const auto host = host_of(url);
  const auto resolved = resolve(host, options.allow_private);
  if (!resolved.error.empty()) return {0, resolved.error};
  // A name is pinned to the address just judged, so a second lookup by libcurl cannot answer
  // another one. An address literal needs no pin (libcurl looks nothing up), and cannot have one:
  // CURLOPT_RESOLVE cannot parse an IPv6 literal as the host ("Couldn't parse CURLOPT_RESOLVE
  // entry"), which had failed every delivery to one.
  in6_addr scratch{};
  const bool literal =
      inet_pton(AF_INET, host.c_str(), &scratch) == 1 || inet_pton(AF_INET6, host.c_str(), &scratch) == 1;
  const bool v6 = resolved.address.find(':') != std::string::npos;
  const auto pin = host + ":" + std::to_string(port_of(url)) + ":" + (v6 ? "[" + resolved.address + "]" : resolved.address);
  CurlList resolve_list(literal ? nullptr : curl_slist_append(nullptr, pin.c_str()));
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, (std::string(kSignatureHeader) + ": " + signature).c_str());
  headers = curl_slist_append(headers, "User-Agent: TicketWar-Webhooks/1");
  CurlList header_list(headers);
  CurlEasy curl(curl_easy_init());
  if (!curl) return {0, "libcurl could not start"};
  char error[CURL_ERROR_SIZE] = "";
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_RESOLVE, resolve_list.get());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ignore_body);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  const auto rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return {0, *error ? error : curl_easy_strerror(rc)};
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return {static_cast<int>(status), ""};
}

}  // namespace

CurlWebhookClient::CurlWebhookClient(WorkerPool& pool, CurlWebhookClientOptions options)
    : pool_(pool), options_(options) {
  init_curl_once();
}

// Not a coroutine itself: the work and what it needs go to the pool whole.
Task<PostAnswer> CurlWebhookClient::post(std::string url, std::string body, std::string signature) {
  return pool_.run([url = std::move(url), body = std::move(body), signature = std::move(signature),
                    options = options_]() { return post_blocking(url, body, signature, options); });
}

}  // namespace tw::webhooks
