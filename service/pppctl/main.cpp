// pppctl: the command line client of pppkitd.
#include <cstdio>

#include "pppctl/args.hpp"
#include "pppctl/commands.hpp"

int main(int argc, char** argv) {
    auto parsed = pppctl::parse_args(argc, argv);
    if (auto* error = std::get_if<pppctl::UsageError>(&parsed)) {
        std::fprintf(stderr, "pppctl: %s\nTry 'pppctl --help' for the commands.\n", error->message.c_str());
        return 2;
    }
    return pppctl::run(std::get<pppctl::Command>(parsed));
}
