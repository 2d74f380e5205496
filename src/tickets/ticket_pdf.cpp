#include "tickets/ticket_pdf.h"

#include <cairo-pdf.h>

#include "tickets/ticket_drawing.h"

namespace tw::tickets {
namespace {

// A4 landscape, in PDF points.
constexpr double kPageWidth = 842;
constexpr double kPageHeight = 595;
constexpr double kMargin = 40;

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void instructions(cairo_t* cr, double y) {
  cairo_set_source_rgb(cr, 0.29, 0.33, 0.39);
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 11);
  cairo_move_to(cr, kMargin, y);
  cairo_show_text(cr, "Print this page or show it on your phone at the gate. Each ticket's code admits once;");
  cairo_move_to(cr, kMargin, y + 16);
  cairo_show_text(cr, "a ticket transferred after printing has a new code, and this copy no longer works.");
}

// One page: the ticket scaled to the page's width inside the margins, framed, then how to use it.
bool draw_page(cairo_t* cr, const TicketArt& art) {
  const double scale = (kPageWidth - 2 * kMargin) / kTicketImageWidth;
  cairo_save(cr);
  cairo_translate(cr, kMargin, kMargin);
  cairo_scale(cr, scale, scale);
  cairo_rectangle(cr, 0, 0, kTicketImageWidth, kTicketImageHeight);
  cairo_clip(cr);
  const bool drawn = draw_ticket(cr, art);
  cairo_reset_clip(cr);
  cairo_set_source_rgb(cr, 0.82, 0.84, 0.88);
  cairo_set_line_width(cr, 2);
  cairo_rectangle(cr, 0, 0, kTicketImageWidth, kTicketImageHeight);
  cairo_stroke(cr);
  cairo_restore(cr);
  instructions(cr, kMargin + kTicketImageHeight * scale + 36);
  cairo_show_page(cr);
  return drawn;
}

}  // namespace

core::Result<std::string> render_tickets_pdf(const std::vector<TicketArt>& tickets, const std::string& title) {
  if (tickets.empty()) return core::invalid("no_tickets", "There are no tickets to print");
  std::string out;
  {
    Surface surface(cairo_pdf_surface_create_for_stream(append_bytes, &out, kPageWidth, kPageHeight),
                    &cairo_surface_destroy);
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "TicketWar");
    Context cr(cairo_create(surface.get()), &cairo_destroy);
    for (const auto& art : tickets) {
      if (!draw_page(cr.get(), art)) return core::internal("Could not encode the ticket code as a QR code");
    }
    cairo_surface_finish(surface.get());  // writes the document's end into `out`
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
      return core::internal("Could not write the tickets' PDF");
    }
  }
  return out;
}

}  // namespace tw::tickets
