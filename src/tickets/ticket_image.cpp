#include "tickets/ticket_image.h"

#include "tickets/ticket_drawing.h"

#include <cairo.h>
#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdint>
#include <memory>
#include <vector>

namespace tw::tickets {
namespace {

void append_png(png_structp png, png_bytep data, png_size_t length) {
  static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

// The surface (CAIRO_FORMAT_RGB24) as an RGB PNG, written with libpng rather than cairo's own
// writer: cairo's tries every row filter and compresses at zlib's default level, 28 ms for a
// ticket on this project's machine, which made receipts fall minutes behind a sale; zlib's
// fastest level without filters takes 6 ms for a file 4 % larger (a flat drawing compresses well
// either way). Empty on failure.
std::string encode_png(cairo_surface_t* surface) {
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* pixels = cairo_image_surface_get_data(surface);
  std::string out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    return {};
  }
  std::vector<png_byte> row(static_cast<std::size_t>(width) * 3);
  // libpng reports errors by jumping back here; nothing with a destructor is made after this point.
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(png, &out, append_png, nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_compression_level(png, Z_BEST_SPEED);
  png_write_info(png, info);
  for (int y = 0; y < height; ++y) {
    // RGB24 keeps each pixel as a native-endian 32-bit 0x00RRGGBB.
    const auto* px = reinterpret_cast<const std::uint32_t*>(pixels + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < width; ++x) {
      const auto i = static_cast<std::size_t>(x) * 3;
      row[i] = static_cast<png_byte>(px[x] >> 16);
      row[i + 1] = static_cast<png_byte>(px[x] >> 8);
      row[i + 2] = static_cast<png_byte>(px[x]);
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace

core::Result<std::string> render_ticket_png(const TicketArt& art) {
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kTicketImageWidth, kTicketImageHeight),
                  &cairo_surface_destroy);
  Context cr(cairo_create(surface.get()), &cairo_destroy);
  if (!draw_ticket(cr.get(), art)) return core::internal("Could not encode the ticket code as a QR code");
  cairo_surface_flush(surface.get());
  auto png = encode_png(surface.get());
  if (png.empty()) return core::internal("Could not encode the ticket image");
  return png;
}

}  // namespace tw::tickets
