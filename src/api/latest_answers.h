#pragma once
// LatestAnswers: the last answer rendered per key (an event, a query), with the stamp of what it
// was rendered from (an inventory version, a fingerprint of the figures shown). Every request
// whose stamp matches shares that one buffer, so an idle seat map or events list, or a busy one
// read by a crowd between two changes, costs one render, not one per reader. Thread-safe; a
// render runs outside the lock (two readers may both render a new stamp; the last one stays).
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tw::api {

struct Answer {
  std::shared_ptr<const std::string> body;
  std::string etag;                   // quoted, or empty when the answer has none
  std::shared_ptr<const void> keep;  // what the stamp names by address, kept alive with it
};

template <class Key>
class LatestAnswers {
 public:
  explicit LatestAnswers(std::size_t max_keys = 1024) : max_keys_(max_keys) {}

  // The answer for `key` rendered at `stamp`: the kept one if its stamp matches, else render(),
  // which returns an Answer.
  template <class Render>
  Answer get(const Key& key, std::uint64_t stamp, Render render) {
    {
      std::lock_guard lock(mu_);
      if (auto it = latest_.find(key); it != latest_.end() && it->second.stamp == stamp) return it->second.answer;
    }
    Answer fresh = render();
    std::lock_guard lock(mu_);
    if (latest_.size() >= max_keys_ && !latest_.count(key)) latest_.clear();  // a bound, not a policy
    latest_.insert_or_assign(key, Entry{stamp, fresh});
    return fresh;
  }

 private:
  struct Entry {
    std::uint64_t stamp = 0;
    Answer answer;
  };
  std::size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<Key, Entry> latest_;  // guarded by mu_
};

// FNV-1a, for fingerprints and ETags of rendered answers (not a defence against anyone).
inline std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}
inline std::uint64_t fnv1a(std::uint64_t v, std::uint64_t h) {
  for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xff)) * 1099511628211ULL;
  return h;
}

// `"<prefix>-<16 hex digits of the body's hash>"`.
std::string body_etag(std::string_view prefix, std::string_view body);

}  // namespace tw::api
