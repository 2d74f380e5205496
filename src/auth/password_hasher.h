#pragma once
// Runs argon2id hashing and verification on the worker pool, so the ~0.1 s of CPU and 64 MiB
// each takes never stalls an I/O thread.
#include <optional>
#include <string>

#include "async/task.h"

namespace tw {
class WorkerPool;
}

namespace tw::auth {

class PasswordHasher {
 public:
  explicit PasswordHasher(WorkerPool& pool) : pool_(pool) {}
  Task<std::optional<std::string>> hash(std::string password);
  Task<bool> verify(std::string encoded_hash, std::string password);

 private:
  WorkerPool& pool_;
};

}  // namespace tw::auth
