#pragma once
// Tickets to print: a PDF with one A4 landscape page per ticket, each the ticket as drawn for
// the PNG (vector text and a vector QR code, so it prints and scans sharp at any size). Pure
// computation: call it off the I/O threads.
#include <string>
#include <vector>

#include "core/result.h"
#include "tickets/ticket_image.h"

namespace tw::tickets {

// PDF bytes; `title` is the document's title (its metadata). kInvalid for no tickets,
// kInternal when a QR code or the document cannot be made.
core::Result<std::string> render_tickets_pdf(const std::vector<TicketArt>& tickets, const std::string& title);

}  // namespace tw::tickets
