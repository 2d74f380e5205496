#include "services/people.h"

#include <algorithm>

namespace tw::services {

Task<core::Result<std::vector<std::int64_t>>> People::of(std::vector<std::int64_t> user_ids) {
  std::vector<std::int64_t> unknown;
  {
    std::lock_guard lock(mu_);
    for (const auto id : user_ids) {
      if (!known_.contains(id)) unknown.push_back(id);
    }
  }
  std::sort(unknown.begin(), unknown.end());
  unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
  std::unordered_map<std::int64_t, std::int64_t> found;
  if (!unknown.empty()) {
    auto people = co_await store_.people_of(std::move(unknown));
    if (!people) co_return people.error();
    for (const auto& p : *people) found.emplace(p.user_id, p.person_id);
  }
  std::vector<std::int64_t> out;
  out.reserve(user_ids.size());
  std::lock_guard lock(mu_);
  for (const auto id : user_ids) {
    if (const auto f = found.find(id); f != found.end()) {
      out.push_back(f->second);
    } else {
      const auto k = known_.find(id);
      out.push_back(k != known_.end() ? k->second : id);
    }
  }
  if (known_.size() + found.size() > kMaxKnown) known_.clear();
  known_.insert(found.begin(), found.end());
  co_return out;
}

Task<core::Result<std::int64_t>> People::of(std::int64_t user_id) {
  std::vector<std::int64_t> one{user_id};
  auto people = co_await of(std::move(one));
  if (!people) co_return people.error();
  co_return people->front();
}

}  // namespace tw::services
