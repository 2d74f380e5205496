#pragma once
#include <boost/json/object.hpp>

#include "services/accounts.h"

namespace tw::api {

// {"id","email","name","role","disabled","createdAt"}: never the password hash.
boost::json::object user_object(const core::User& u);

}  // namespace tw::api
