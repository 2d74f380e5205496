#pragma once
// One person, however many addresses they type. Ticket limits are per person: accounts whose
// emails reach the same mailbox count together, so `fan+1@x.org`, `fan+2@x.org` and `fan@x.org`
// share one limit (docs/api.md, "Ticket limits"). The key is what the mail system delivers to,
// as far as it can be known from the address alone:
//   - lower case (emails are stored lower-cased already);
//   - the local part ends at its first '+' (sub-addressing, as Gmail, Outlook, iCloud, Fastmail
//     and Proton deliver `name+anything` to `name`);
//   - at gmail.com and googlemail.com, dots in the local part are ignored and googlemail.com is
//     gmail.com (Google delivers `f.a.n@gmail.com` to `fan@gmail.com`).
// A domain of one's own can still hand out unlimited addresses; the key does not try to catch
// that (a limit is a speed bump, not an identity check).
#include <string>
#include <string_view>

namespace tw::core {

// The mailbox an email address (already normalised: lower case, one '@') delivers to.
std::string mailbox_of(std::string_view email);

}  // namespace tw::core
