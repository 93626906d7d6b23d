// pppctl probe without a port: its arguments and how it reads modem replies.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pppctl/cmd_probe.hpp"

using namespace pppctl::probe;

namespace {

std::variant<Options, std::string> parse(std::vector<std::string_view> args) { return parse_args(args); }

}  // namespace

TEST(ProbeArgs, DeviceAndSpeed) {
    auto o = std::get<Options>(parse({"ttyUSB0", "--speed", "9600"}));
    EXPECT_EQ(o.device, "/dev/ttyUSB0");
    EXPECT_EQ(o.speed, 9600u);
    EXPECT_EQ(o.lock_dir, "/var/lock");
    o = std::get<Options>(parse({"--speed=57600", "/dev/ttyS1", "--lock-dir", "/run/lock"}));
    EXPECT_EQ(o.device, "/dev/ttyS1");
    EXPECT_EQ(o.speed, 57600u);
    EXPECT_EQ(o.lock_dir, "/run/lock");
    EXPECT_EQ(std::get<Options>(parse({"/dev/ttyS0"})).speed, 115200u);
}

TEST(ProbeArgs, Errors) {
    EXPECT_EQ(std::get<std::string>(parse({})), "probe needs a DEVICE (such as /dev/ttyS0 or ttyUSB0)");
    EXPECT_EQ(std::get<std::string>(parse({"ttyS0", "--speed", "fast"})),
              "--speed: 'fast' is not a line speed (such as 9600 or 115200)");
    EXPECT_EQ(std::get<std::string>(parse({"ttyS0", "--speed"})), "--speed needs a number of bits per second");
    EXPECT_EQ(std::get<std::string>(parse({"ttyS0", "--speed", "0"})),
              "--speed: '0' is not a line speed (such as 9600 or 115200)");
    EXPECT_EQ(std::get<std::string>(parse({"ttyS0", "ttyS1"})), "probe takes one DEVICE");
    EXPECT_EQ(std::get<std::string>(parse({"ttyS0", "-x"})), "unknown option '-x' for probe");
}

TEST(ProbeReply, EchoIsDroppedAndOkIsFinal) {
    const Reply r = parse_reply("AT", "AT\r\r\nOK\r\n");
    EXPECT_TRUE(r.final);
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.lines, std::vector<std::string>{"OK"});
}

TEST(ProbeReply, InformationLinesBeforeTheResult) {
    const Reply r = parse_reply("ATI", "ATI\r\r\nUSRobotics 56K\r\n\r\nOK\r\n");
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.lines, (std::vector<std::string>{"USRobotics 56K", "OK"}));
}

TEST(ProbeReply, WithoutEchoAndNumericResults) {
    EXPECT_TRUE(parse_reply("ATZ", "\r\nOK\r\n").ok);
    EXPECT_TRUE(parse_reply("AT", "0\r").ok);
    const Reply error = parse_reply("ATI", "4\r");
    EXPECT_TRUE(error.final);
    EXPECT_FALSE(error.ok);
    const Reply e2 = parse_reply("AT", "at\r\nERROR\r\n");
    EXPECT_TRUE(e2.final);
    EXPECT_FALSE(e2.ok);
    EXPECT_EQ(e2.lines, std::vector<std::string>{"ERROR"});
}

TEST(ProbeReply, AnUnfinishedLineIsNotAResultYet) {
    const Reply r = parse_reply("AT", "AT\r\nOK");
    EXPECT_FALSE(r.final);
    EXPECT_TRUE(r.lines.empty());
    EXPECT_FALSE(parse_reply("AT", "").final);
}
