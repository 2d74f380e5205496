#include "core/event_artwork.h"

#include <gtest/gtest.h>

namespace tw::core {
namespace {

EventDraft show(std::string artist, std::string color = "#1DB954") {
  EventDraft e;
  e.slug = "the-show";
  e.artist = std::move(artist);
  e.name = "World Tour";
  e.venue = "Arena <North>";
  e.color = std::move(color);
  return e;
}

TEST(EventArtwork, APosterNamesTheEventWithItsTextEscaped) {
  const auto svg = event_artwork_svg(show("Simon & Garfunkel"));
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("Simon &amp; Garfunkel"), std::string::npos);
  EXPECT_NE(svg.find("Arena &lt;North&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("Simon & G"), std::string::npos) << "no raw ampersand";
  EXPECT_NE(svg.find("#1DB954"), std::string::npos) << "the event's colour";
}

TEST(EventArtwork, AColourThatIsNotOneIsReplacedNotInjected) {
  const auto svg = event_artwork_svg(show("X", "red\"/><script>"));
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("#4f46e5"), std::string::npos);
}

TEST(EventArtwork, TheImageIsTheOrganisersOrElseThePoster) {
  auto e = show("X");
  EXPECT_EQ(event_image(e), "/api/events/the-show/image.svg");
  e.image = "/images/events/the-show.svg";
  EXPECT_EQ(event_image(e), "/api/events/the-show/image.svg") << "the old demo path was never served";
  e.image = "https://cdn.example.com/poster.jpg";
  EXPECT_EQ(event_image(e), "https://cdn.example.com/poster.jpg");
}

}  // namespace
}  // namespace tw::core
