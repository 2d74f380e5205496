#pragma once
// Internal to the http library (it brings Beast in): a parsed Beast request turned into the
// Beast-free http::Request handlers see. Shared by the server and parse_request.
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>
#include <vector>

#include "http/address_range.h"
#include "http/request.h"

namespace tw::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Headers lower-cased, the client address resolved (client_limits.h), a request id assigned.
Request to_request(BeastRequest&& in, const std::string& peer, const std::vector<AddressRange>& proxies);

}  // namespace tw::http
