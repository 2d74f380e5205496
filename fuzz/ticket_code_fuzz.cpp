// Ticket codes as a gate scans them: any text is refused with a reason or verifies; only codes
// the key signed verify, and they verify to what was signed.
#include <cstddef>
#include <cstdint>
#include <sodium.h>
#include <string_view>

#include "tickets/ticket_code.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto key = [] {
    if (sodium_init() < 0) __builtin_trap();
    return tw::tickets::generate_signing_key(7);
  }();
  static const tw::tickets::VerifyKey verify{key.id, key.public_key};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto claim = tw::tickets::verify_ticket_code(text, std::span(&verify, 1));
  if (claim) {
    // Only a code this key signed can verify: signing the claim again must give the same text.
    auto signed_again = tw::tickets::sign_ticket_code(*claim, key);
    if (!signed_again || *signed_again != text) __builtin_trap();
  } else if (claim.error().kind != tw::core::ErrorKind::kInvalid) {
    __builtin_trap();
  }
  return 0;
}
