#pragma once
// Where webhooks may go. A registered URL could name an address inside the operator's network
// (a database, a cloud metadata service): deliveries never go to loopback, private, link-local
// or other non-public addresses unless the server runs with --allow-private-webhooks.
#include <string>
#include <string_view>

#include "core/result.h"

namespace tw::webhooks {

// Whether an IPv4 or IPv6 address (text form) is one deliveries may reach publicly.
bool is_public_address(std::string_view ip);

// A URL TicketWar can deliver to: http:// or https://, a host, at most 2,000 bytes, no
// credentials. kInvalid "invalid_webhook_url" with the reason.
core::Status check_webhook_url(std::string_view url);

// The URL's host (without brackets or port).
std::string host_of(std::string_view url);

}  // namespace tw::webhooks
