#include "app/config.h"

#include <gtest/gtest.h>

#include <map>

namespace tw::app {
namespace {

core::Result<Config> parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return parse_config(args, [env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

}  // namespace

TEST(Config, DefaultsServeOnLoopback8080) {
  auto c = parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->command, Command::kServe);
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->data_dir, "./var");
  EXPECT_FALSE(c->dev);
}

TEST(Config, SeatsAreKeptInMemoryUnlessARedisIsNamed) {
  auto c = parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->uses_redis_inventory());
  auto r = parse({}, {{"TICKETWAR_INVENTORY", "redis://10.0.0.2:6380/1?prefix=sale"}});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->uses_redis_inventory());
  EXPECT_EQ(r->inventory, "redis://10.0.0.2:6380/1?prefix=sale");
  for (const char* bad : {"redis", "redis://x:0", "disk", "REDIS://x"}) {
    auto e = parse({"--inventory", bad});
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_NE(e.error().message.find("is not memory or redis://"), std::string::npos) << e.error().message;
  }
}

TEST(Config, TheEventLogGoesThroughRedisStreamsWithARedisInventory) {
  EXPECT_FALSE(parse({}).value().uses_event_streams());
  const std::string redis = "redis://127.0.0.1:6379/0";
  EXPECT_TRUE(parse({"--inventory", redis}).value().uses_event_streams());
  EXPECT_FALSE(parse({"--inventory", redis, "--event-log", "outbox"}).value().uses_event_streams());
  EXPECT_TRUE(parse({"--inventory", redis, "--event-log", "redis"}).value().uses_event_streams());
  auto alone = parse({"--event-log", "redis"});
  ASSERT_FALSE(alone.ok());
  EXPECT_NE(alone.error().message.find("--inventory redis://"), std::string::npos) << alone.error().message;
  EXPECT_FALSE(parse({"--event-log", "kafka"}).ok());
  EXPECT_FALSE(parse({"--stream-claim-ms", "5"}).ok());
}

TEST(Config, AProxyOnThisMachineIsTrustedUnlessToldOtherwise) {
  auto trusts = [](const Config& c, const char* address) {
    for (const auto& r : c.trusted_proxies) {
      if (r.contains(address)) return true;
    }
    return false;
  };
  auto c = parse({});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(trusts(*c, "127.0.0.1"));
  EXPECT_TRUE(trusts(*c, "127.3.2.1"));
  EXPECT_TRUE(trusts(*c, "::1"));
  EXPECT_FALSE(trusts(*c, "10.0.0.1"));
  auto none = parse({"--trusted-proxy", "none"});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->trusted_proxies.empty());
  auto lb = parse({"--trusted-proxy", "10.0.0.0/24"});
  ASSERT_TRUE(lb.ok());
  EXPECT_TRUE(trusts(*lb, "10.0.0.9"));
  EXPECT_FALSE(trusts(*lb, "127.0.0.1")) << "a configured list replaces the default";
}

TEST(Config, FlagsOverrideEnvironment) {
  auto c = parse({"--port", "9000", "--data-dir=/tmp/x", "--dev"}, {{"TICKETWAR_PORT", "7000"}, {"TICKETWAR_THREADS", "3"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->port, 9000);
  EXPECT_EQ(c->threads, 3);
  EXPECT_EQ(c->data_dir, "/tmp/x");
  EXPECT_TRUE(c->dev);
}

TEST(Config, ReadsSubcommands) {
  EXPECT_EQ(parse({"migrate"})->command, Command::kMigrate);
  EXPECT_EQ(parse({"seed", "--data-dir", "d"})->command, Command::kSeed);
  EXPECT_EQ(parse({"version"})->command, Command::kVersion);
  EXPECT_EQ(parse({"--help"})->command, Command::kHelp);
}

TEST(Config, ErrorsAreOneClearLine) {
  struct Case {
    std::vector<std::string> args;
    const char* says;
  } cases[] = {
      {{"--port", "99999"}, "--port: '99999' is not a whole number from 0 to 65535"},
      {{"--port", "80x"}, "--port: '80x'"},
      {{"--port"}, "--port needs a value"},
      {{"--colour=blue"}, "unknown option --colour"},
      {{"launch"}, "unknown command 'launch'"},
      {{"serve", "extra"}, "unexpected argument 'extra'"},
      {{"--dev=maybe"}, "true or false"},
  };
  for (const auto& c : cases) {
    auto r = parse(c.args);
    ASSERT_FALSE(r.ok()) << c.says;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
  }
  auto env = parse({}, {{"TICKETWAR_PORT", "-1"}});
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.error().message.find("TICKETWAR_PORT"), std::string::npos);
}

TEST(Config, BackupAndRestoreTakeTheirDirectory) {
  auto b = parse({"backup", "/backups/today", "--data-dir", "d"});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->command, Command::kBackup);
  EXPECT_EQ(b->admin_words, std::vector<std::string>{"/backups/today"});
  auto r = parse({"restore", "/backups/today", "--replace"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->command, Command::kRestore);
  EXPECT_TRUE(r->replace);
  EXPECT_FALSE(parse({"restore", "x"})->replace);
}

TEST(Config, HelpListsEveryOptionAndItsVariable) {
  const auto help = help_text();
  for (const char* s : {"--host", "--port", "--data-dir", "--threads", "--dev", "TICKETWAR_PORT", "serve", "migrate",
                        "seed", "version", "backup DIR", "restore DIR"}) {
    EXPECT_NE(help.find(s), std::string::npos) << s;
  }
}

}  // namespace tw::app
