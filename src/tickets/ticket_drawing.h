#pragma once
// The ticket as drawn: one picture (TicketArt) on a cairo context, kTicketImageWidth by
// kTicketImageHeight units, shared by the PNG (ticket_image) and the printable PDF (ticket_pdf).
// Included only by their sources: it brings cairo.
#include <cairo.h>

#include <memory>

#include "tickets/ticket_image.h"

namespace tw::tickets {

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

// Draws the ticket with its origin at the context's current origin; false when its code cannot
// be encoded as a QR code.
bool draw_ticket(cairo_t* cr, const TicketArt& art);

}  // namespace tw::tickets
