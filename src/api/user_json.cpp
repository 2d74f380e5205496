#include "api/user_json.h"

#include <boost/json.hpp>

#include "core/iso_time.h"

namespace tw::api {

boost::json::object user_object(const core::User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", core::role_name(u.role)},
          {"disabled", u.disabled},
          {"emailVerified", u.email_verified},
          {"createdAt", core::format_utc(u.created_at)}};
}

}  // namespace tw::api
