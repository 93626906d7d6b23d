// pppctl: the command line client of pppkitd.
#include <cstdio>
#include <string_view>

#include "pppctl/args.hpp"
#include "pppctl/cmd_probe.hpp"
#include "pppctl/commands.hpp"

int main(int argc, char** argv) {
    // probe talks to a serial port, not to the service.
    if (argc > 1 && std::string_view(argv[1]) == "probe") return pppctl::probe::main(argc, argv);
    auto parsed = pppctl::parse_args(argc, argv);
    if (auto* error = std::get_if<pppctl::UsageError>(&parsed)) {
        std::fprintf(stderr, "pppctl: %s\nTry 'pppctl --help' for the commands.\n", error->message.c_str());
        return 2;
    }
    return pppctl::run(std::get<pppctl::Command>(parsed));
}
