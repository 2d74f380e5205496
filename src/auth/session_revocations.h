#pragma once
// SessionRevocations: the port through which servers tell each other that a session or an
// account's rights ended, so none keeps honouring them from its cache of verified sessions. A
// sign-out names the session (its token hash); a disabled account or a changed role names the
// account. Embedded mode has no adapter (one process: its own cache is all there is). Scale-out
// adapter: RedisSessionRevocations, Redis pub/sub shared by the cluster.
#include <cstdint>
#include <functional>
#include <string>

#include "async/task.h"
#include "core/result.h"

namespace tw::auth {

struct Revocation {
  std::string token_hash;    // a session that ended, or empty
  std::int64_t user_id = 0;  // an account whose sessions must be verified again, or 0
};

class SessionRevocations {
 public:
  virtual ~SessionRevocations() = default;
  // Tells every server (this one too). Returns once the message is with the bus.
  virtual Task<core::Status> publish(Revocation r) = 0;
  // Completes once every revocation published (by any server) before this call has been applied
  // here: a server that answered a sign-out a moment ago is never outrun by the signed-out
  // client's next request to another server. kUnavailable when that cannot be known (revocations
  // cannot be heard now): the caller must then verify against the store.
  virtual Task<core::Status> caught_up() = 0;
  // Starts listening: `apply` gets every revocation any server publishes; `hearing` says whether
  // revocations can be heard now (false from the moment they cannot: a listener must then stop
  // trusting what it cached, since it may miss some). Both run on the adapter's own thread. Once,
  // before the first publish.
  virtual void listen(std::function<void(const Revocation&)> apply, std::function<void(bool)> hearing) = 0;
};

// The one wire form: "s:<token hash>" or "u:<user id>".
std::string revocation_text(const Revocation& r);
// The revocation in `text`; an empty one (nothing to apply) when it is not of that form.
Revocation parse_revocation(std::string_view text);

}  // namespace tw::auth
