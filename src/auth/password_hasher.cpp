#include "auth/password_hasher.h"

#include "async/worker_pool.h"
#include "auth/password.h"

namespace tw::auth {

Task<std::optional<std::string>> PasswordHasher::hash(std::string password) {
  return pool_.run([p = std::move(password)] { return hash_password(p); });
}

Task<bool> PasswordHasher::verify(std::string encoded_hash, std::string password) {
  return pool_.run([h = std::move(encoded_hash), p = std::move(password)] { return verify_password(h, p); });
}

}  // namespace tw::auth
