#pragma once
// An event's poster when its organiser gave none: an SVG drawn from the event itself (its
// accent colour, artist, show and venue), so every event has artwork on its card and page
// without anything to upload or store. Pure text; no I/O.
#include <string>

#include "core/event.h"

namespace tw::core {

// A 1200×630 SVG poster (the size link previews use).
std::string event_artwork_svg(const EventDraft& event);

// The image the API names for an event: the organiser's, or else the drawn poster's path
// (`/api/events/{slug}/image.svg`). Demo events seeded before posters were drawn name a
// `/images/events/` path that was never served; they get the poster too.
std::string event_image(const EventDraft& event);

}  // namespace tw::core
