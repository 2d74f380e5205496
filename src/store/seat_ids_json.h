#pragma once
// A hold's seat ids as both adapters keep them: a JSON array in one text column.
#include <string>
#include <vector>

namespace tw::store {

std::string seat_ids_to_json(const std::vector<std::string>& ids);
// The ids of a stored array; empty for text that is not one (never written by us).
std::vector<std::string> seat_ids_from_json(const std::string& text);

}  // namespace tw::store
