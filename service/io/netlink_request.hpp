// One rtnetlink request and its exchange with the kernel, shared by the
// netlink modules (netlink.cpp, netlink_ipv4.cpp). Internal to service/io.
#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ppp::io::netlink {

// Header, family header, attributes.
class Request {
public:
    Request(std::uint16_t type, std::uint16_t flags, const void* family_header, std::size_t family_len);
    // A request made of a message the kernel sent (a dumped route given back).
    Request(std::uint16_t type, std::uint16_t flags, const nlmsghdr* message);
    void add(std::uint16_t type, const void* data, std::size_t len);
    void add_u32(std::uint16_t type, std::uint32_t v) { add(type, &v, sizeof v); }
    nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
    const std::vector<std::uint8_t>& bytes() const { return buf_; }

private:
    std::vector<std::uint8_t> buf_;
};

// Sends the request and waits for the kernel's acknowledgement; throws
// std::system_error ("what: reason") with the kernel's error.
void transact(Request& req, const std::string& what);

// Sends a dump request (NLM_F_DUMP is added) and hands every message of the
// answer to `on_message`, until the kernel's NLMSG_DONE.
void dump(Request& req, const std::string& what, const std::function<void(const nlmsghdr&)>& on_message);

}  // namespace ppp::io::netlink
