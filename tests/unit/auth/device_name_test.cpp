// How the account page names a device from its User-Agent (auth/device_name.h).
#include "auth/device_name.h"

#include <gtest/gtest.h>

namespace tw::auth {
namespace {

TEST(DeviceName, NamesCommonBrowsersAndSystems) {
  EXPECT_EQ(device_name("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/120.0.0.0 Safari/537.36"),
            "Chrome on Windows");
  EXPECT_EQ(device_name("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"),
            "Edge on Windows");
  EXPECT_EQ(device_name("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        "Version/17.1 Safari/605.1.15"),
            "Safari on macOS");
  EXPECT_EQ(device_name("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                        "Gecko) Version/17.1 Mobile/15E148 Safari/604.1"),
            "Safari on iPhone");
  EXPECT_EQ(device_name("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                        "Chrome/120.0.0.0 Mobile Safari/537.36"),
            "Chrome on Android");
  EXPECT_EQ(device_name("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"), "Firefox on Linux");
}

TEST(DeviceName, SaysWhatItDoesNotKnow) {
  EXPECT_EQ(device_name(""), "Unknown browser");
  EXPECT_EQ(device_name("curl/8.5.0"), "curl on an unknown system");
  EXPECT_EQ(device_name("SomethingNew/1.0 (Windows NT 10.0)"), "A browser on Windows");
}

}  // namespace
}  // namespace tw::auth
