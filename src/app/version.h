#pragma once
namespace tw::app {
inline constexpr const char* kVersion = "0.1.0";
}
