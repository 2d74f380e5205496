#pragma once
// The one place where domain and store errors become HTTP answers.
#include "core/error.h"
#include "http/response.h"

namespace tw::api {

int http_status(core::ErrorKind kind);
// Internal errors are logged to stderr and answered with a generic message, so no SQL or
// stack detail reaches a client.
http::Response error_response(const core::Error& error);
// 404 event_not_found: a path whose event id is not a number names no event.
http::Response no_such_event();

}  // namespace tw::api
