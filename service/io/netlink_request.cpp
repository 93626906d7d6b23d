#include "io/netlink_request.hpp"

#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "io/fd.hpp"

namespace ppp::io::netlink {
namespace {

// A kernel that never answers must not hang the daemon.
constexpr timeval kReplyTimeout{5, 0};

Fd open_socket(const std::string& what) {
    Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd) throw_errno(what + ": netlink socket");
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &kReplyTimeout, sizeof kReplyTimeout) < 0) {
        throw_errno(what + ": netlink socket");
    }
    return fd;
}

// Sends `req` with a fresh sequence number and reads the kernel's answers,
// handing each message of ours to `on_message` until it returns true.
void exchange(Request& req, const std::string& what, const std::function<bool(const nlmsghdr&)>& on_message) {
    Fd fd = open_socket(what);
    static std::atomic<std::uint32_t> sequence{0};
    const std::uint32_t seq = ++sequence;
    req.header()->nlmsg_seq = seq;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd.get(), req.bytes().data(), req.bytes().size(), 0, reinterpret_cast<sockaddr*>(&kernel),
                 sizeof kernel) < 0) {
        throw_errno(what);
    }
    // A dump's parts are up to a page or so each; 32 KiB holds any of them.
    std::vector<std::uint8_t> storage(32768);  // operator new aligns it for nlmsghdr
    auto* buf = storage.data();
    const std::size_t size = storage.size();
    for (;;) {
        sockaddr_nl from{};
        socklen_t from_len = sizeof from;
        const ssize_t n =
            ::recvfrom(fd.get(), buf, size, MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) throw_errno(ETIMEDOUT, what + ": no reply from the kernel");
            throw_errno(what);
        }
        if (static_cast<std::size_t>(n) > size) throw_errno(EMSGSIZE, what + ": oversized netlink reply");
        if (from.nl_pid != 0) continue;  // only the kernel answers
        auto len = static_cast<unsigned>(n);
        for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != seq) continue;
            if (h->nlmsg_type == NLMSG_ERROR) {
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) throw_errno(EPROTO, what + ": short netlink error");
                const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
                if (err->error != 0) throw_errno(-err->error, what);
                return;
            }
            if (h->nlmsg_type == NLMSG_DONE) return;
            if (on_message(*h)) return;
        }
    }
}

}  // namespace

Request::Request(std::uint16_t type, std::uint16_t flags, const void* family_header, std::size_t family_len) {
    buf_.resize(NLMSG_LENGTH(family_len));
    auto* h = header();
    h->nlmsg_type = type;
    h->nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
    h->nlmsg_seq = 1;
    std::memcpy(NLMSG_DATA(h), family_header, family_len);
    h->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
}

Request::Request(std::uint16_t type, std::uint16_t flags, const nlmsghdr* message) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(message);
    buf_.assign(bytes, bytes + message->nlmsg_len);
    auto* h = header();
    h->nlmsg_type = type;
    h->nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
    h->nlmsg_pid = 0;
}

void Request::add(std::uint16_t type, const void* data, std::size_t len) {
    const std::size_t at = NLMSG_ALIGN(buf_.size());
    buf_.resize(at + RTA_SPACE(len));
    auto* rta = reinterpret_cast<rtattr*>(buf_.data() + at);
    rta->rta_type = type;
    rta->rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    std::memcpy(RTA_DATA(rta), data, len);
    header()->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
}

void transact(Request& req, const std::string& what) {
    exchange(req, what, [](const nlmsghdr&) { return false; });
}

void dump(Request& req, const std::string& what, const std::function<void(const nlmsghdr&)>& on_message) {
    req.header()->nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_DUMP);
    exchange(req, what, [&](const nlmsghdr& h) {
        on_message(h);
        return false;
    });
}

}  // namespace ppp::io::netlink
