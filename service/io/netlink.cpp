#include "io/netlink.hpp"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <vector>

#include "io/fd.hpp"

namespace ppp::io {
namespace {

// One rtnetlink request under construction: header, family header, attributes.
class Request {
public:
    Request(std::uint16_t type, std::uint16_t flags, const void* family_header, std::size_t family_len) {
        buf_.resize(NLMSG_LENGTH(family_len));
        auto* h = header();
        h->nlmsg_type = type;
        h->nlmsg_flags = static_cast<std::uint16_t>(NLM_F_REQUEST | NLM_F_ACK | flags);
        h->nlmsg_seq = 1;
        std::memcpy(NLMSG_DATA(h), family_header, family_len);
        h->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
    }
    void add(std::uint16_t type, const void* data, std::size_t len) {
        const std::size_t at = NLMSG_ALIGN(buf_.size());
        buf_.resize(at + RTA_SPACE(len));
        auto* rta = reinterpret_cast<rtattr*>(buf_.data() + at);
        rta->rta_type = type;
        rta->rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
        std::memcpy(RTA_DATA(rta), data, len);
        header()->nlmsg_len = static_cast<std::uint32_t>(buf_.size());
    }
    void add_u32(std::uint16_t type, std::uint32_t v) { add(type, &v, sizeof v); }
    nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(buf_.data()); }
    const std::vector<std::uint8_t>& bytes() const { return buf_; }

private:
    std::vector<std::uint8_t> buf_;
};

// A kernel that never answers must not hang the daemon.
constexpr timeval kReplyTimeout{5, 0};

// Sends the request and waits for the kernel's acknowledgement (the
// NLMSG_ERROR reply carrying our sequence number; error 0 is success).
void transact(Request& req, const std::string& what) {
    Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!fd) throw_errno(what + ": netlink socket");
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &kReplyTimeout, sizeof kReplyTimeout) < 0) {
        throw_errno(what + ": netlink socket");
    }
    static std::atomic<std::uint32_t> sequence{0};
    const std::uint32_t seq = ++sequence;
    req.header()->nlmsg_seq = seq;
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd.get(), req.bytes().data(), req.bytes().size(), 0, reinterpret_cast<sockaddr*>(&kernel),
                 sizeof kernel) < 0) {
        throw_errno(what);
    }
    alignas(nlmsghdr) std::uint8_t buf[8192];
    for (;;) {
        sockaddr_nl from{};
        socklen_t from_len = sizeof from;
        const ssize_t n =
            ::recvfrom(fd.get(), buf, sizeof buf, MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &from_len);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) throw_errno(ETIMEDOUT, what + ": no reply from the kernel");
            throw_errno(what);
        }
        if (static_cast<std::size_t>(n) > sizeof buf) throw_errno(EMSGSIZE, what + ": oversized netlink reply");
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
        }
    }
}

std::uint32_t be(Ipv4 a) { return htonl(a.value); }

void route(std::uint16_t type, std::uint16_t flags, int ifindex, std::uint32_t metric, const std::string& what) {
    rtmsg rt{};
    rt.rtm_family = AF_INET;
    rt.rtm_dst_len = 0;
    rt.rtm_table = RT_TABLE_MAIN;
    rt.rtm_protocol = RTPROT_BOOT;
    rt.rtm_scope = RT_SCOPE_LINK;
    rt.rtm_type = RTN_UNICAST;
    Request req(type, flags, &rt, sizeof rt);
    req.add_u32(RTA_OIF, static_cast<std::uint32_t>(ifindex));
    if (metric) req.add_u32(RTA_PRIORITY, metric);
    transact(req, what);
}

}  // namespace

void link_set_up(int ifindex, bool up) {
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = ifindex;
    ifi.ifi_flags = up ? IFF_UP : 0;
    ifi.ifi_change = IFF_UP;
    Request req(RTM_NEWLINK, 0, &ifi, sizeof ifi);
    transact(req, "cannot set interface " + std::to_string(ifindex) + (up ? " up" : " down"));
}

void link_set_mtu(int ifindex, std::uint32_t mtu) {
    ifinfomsg ifi{};
    ifi.ifi_family = AF_UNSPEC;
    ifi.ifi_index = ifindex;
    Request req(RTM_NEWLINK, 0, &ifi, sizeof ifi);
    req.add_u32(IFLA_MTU, mtu);
    transact(req, "cannot set MTU " + std::to_string(mtu) + " on interface " + std::to_string(ifindex));
}

void address_add_peer(int ifindex, Ipv4 local, Ipv4 remote) {
    ifaddrmsg ifa{};
    ifa.ifa_family = AF_INET;
    ifa.ifa_prefixlen = 32;
    ifa.ifa_scope = RT_SCOPE_UNIVERSE;
    ifa.ifa_index = static_cast<std::uint32_t>(ifindex);
    Request req(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, &ifa, sizeof ifa);
    const std::uint32_t l = be(local), r = be(remote);
    req.add(IFA_LOCAL, &l, sizeof l);
    req.add(IFA_ADDRESS, &r, sizeof r);
    transact(req, "cannot set address " + local.to_string() + " peer " + remote.to_string() + " on interface " +
                     std::to_string(ifindex));
}

namespace {
// fe80::<id> in network byte order.
void link_local_bytes(std::uint64_t id, std::uint8_t out[16]) {
    std::memset(out, 0, 16);
    out[0] = 0xfe;
    out[1] = 0x80;
    for (int i = 0; i < 8; ++i) out[8 + i] = static_cast<std::uint8_t>(id >> (8 * (7 - i)));
}

void link_local_pair(std::uint16_t type, std::uint16_t flags, int ifindex, std::uint64_t local_id,
                     std::uint64_t remote_id, const std::string& what) {
    ifaddrmsg ifa{};
    ifa.ifa_family = AF_INET6;
    ifa.ifa_prefixlen = 128;
    ifa.ifa_flags = IFA_F_NODAD;
    ifa.ifa_scope = RT_SCOPE_LINK;
    ifa.ifa_index = static_cast<std::uint32_t>(ifindex);
    Request req(type, flags, &ifa, sizeof ifa);
    std::uint8_t l[16], r[16];
    link_local_bytes(local_id, l);
    link_local_bytes(remote_id, r);
    req.add(IFA_LOCAL, l, sizeof l);
    req.add(IFA_ADDRESS, r, sizeof r);
    transact(req, what + " on interface " + std::to_string(ifindex));
}
}  // namespace

void address_add_link_local(int ifindex, std::uint64_t local_id, std::uint64_t remote_id) {
    link_local_pair(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, ifindex, local_id, remote_id,
                    "cannot set IPv6 link-local address");
}

void address_del_link_local(int ifindex, std::uint64_t local_id, std::uint64_t remote_id) {
    link_local_pair(RTM_DELADDR, 0, ifindex, local_id, remote_id, "cannot remove IPv6 link-local address");
}

void route_add_default(int ifindex, std::uint32_t metric) {
    route(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, ifindex, metric,
          "cannot add default route via interface " + std::to_string(ifindex));
}

void route_del_default(int ifindex, std::uint32_t metric) {
    route(RTM_DELROUTE, 0, ifindex, metric,
          "cannot delete default route via interface " + std::to_string(ifindex));
}

int interface_index(const std::string& name) { return static_cast<int>(::if_nametoindex(name.c_str())); }

}  // namespace ppp::io
