#pragma once
// Token buckets by key (a client address, say): each key may take `per_second` tokens a second
// on average, in bursts of up to `burst`. Memory stays bounded whatever the number of keys (a
// bucket that has refilled is the same as none, and is dropped when the map grows). Pure logic
// over the times it is given; thread-safe.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tw::core {

class TokenBuckets {
 public:
  // per_second <= 0: no limit (take always succeeds).
  TokenBuckets(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // Takes a token for `key`: 0 when one was there, else the milliseconds until one will be (and
  // nothing is taken).
  std::int64_t take(const std::string& key, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    std::int64_t at_ms = 0;
  };
  static constexpr std::size_t kShards = 16;
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;  // guarded by mu
  };
  double rate_;
  double burst_;
  Shard shards_[kShards];
};

}  // namespace tw::core
