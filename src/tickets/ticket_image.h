#pragma once
// The downloadable ticket: a fixed-size PNG drawn with cairo, with a QR code (libqrencode) of the
// signed ticket code, in the event's colour. Pure computation: call it off the I/O threads.
#include <string>

#include "core/result.h"

namespace tw::tickets {

inline constexpr int kTicketImageWidth = 1200;
inline constexpr int kTicketImageHeight = 480;

struct TicketArt {
  std::string event_name, artist, venue, when;  // `when` already formatted for people
  std::string section, row, seat, tier, price, holder, ticket_id;
  std::string code;               // what the QR code holds
  std::string color = "#4F46E5";  // "#RRGGBB"
  std::string stamp;              // e.g. "CANCELLED" or "USED": stamped across, and no QR code
};

// PNG bytes; kInternal when the QR code or the image cannot be made.
core::Result<std::string> render_ticket_png(const TicketArt& art);

}  // namespace tw::tickets
