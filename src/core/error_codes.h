#pragma once
// Error codes that code reacts to (besides showing them to a client), named once so a typo is a
// compile error rather than a branch that never runs. Every code a client can see is listed in
// docs/api.md.
#include <string_view>

namespace tw::core::codes {

// Stores: refused state changes and uniqueness clashes.
inline constexpr std::string_view kSlugTaken = "slug_taken";
inline constexpr std::string_view kHoldNotActive = "hold_not_active";
inline constexpr std::string_view kSeatSold = "seat_sold";
// A seat named by a position and id that the event's layout no longer pairs (an organiser
// replaced the layout, and another server still had the old one).
inline constexpr std::string_view kLayoutChanged = "layout_changed";
// A price change made from a layout the event no longer has (another change came first).
inline constexpr std::string_view kPricesChangedMeanwhile = "prices_changed_meanwhile";
inline constexpr std::string_view kDuplicateOrder = "duplicate_order";
inline constexpr std::string_view kPaymentExists = "payment_exists";
// Another payment of the same hold is pending or approved: one charge in flight per hold.
inline constexpr std::string_view kPaymentInProgress = "payment_in_progress";
inline constexpr std::string_view kPaymentMoved = "payment_moved";
inline constexpr std::string_view kRefundExists = "refund_exists";
// Booking.
inline constexpr std::string_view kSeatsUnavailable = "seats_unavailable";
// Inventory: the event's seat state is not loaded (first use, or a shared inventory that lost
// it); the caller opens the event and tries again.
inline constexpr std::string_view kEventNotOpen = "event_not_open";
// API.
inline constexpr std::string_view kUnsupportedMediaType = "unsupported_media_type";

}  // namespace tw::core::codes
