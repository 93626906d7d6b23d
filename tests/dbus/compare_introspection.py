#!/usr/bin/env python3
"""Compares a D-Bus interface contract with what a running service introspects.

    compare_introspection.py CONTRACT_XML INTROSPECTED_XML

For every <interface> in CONTRACT_XML, the interface of the same name in
INTROSPECTED_XML (the reply of org.freedesktop.DBus.Introspectable.Introspect)
must have the same
  methods     name, and each argument's name, type and direction, in order
  properties  name, type and access
  signals     name and argument types, in order
Annotations, comments and other interfaces (Peer, Properties, ...) are not
compared. Prints every difference and exits 1 when there is one, 0 when the
two agree, 2 on a usage or parse error.
"""
import sys
import xml.etree.ElementTree as ET


def method_signature(element):
    # The introspection format's default direction for a method argument is "in".
    return tuple((arg.get("name", ""), arg.get("type", ""), arg.get("direction", "in"))
                 for arg in element.findall("arg"))


def signal_signature(element):
    return tuple(arg.get("type", "") for arg in element.findall("arg"))


def describe_interface(element):
    """{kind: {member name: comparable description}} for one <interface>."""
    return {
        "method": {m.get("name"): method_signature(m) for m in element.findall("method")},
        "property": {p.get("name"): (p.get("type", ""), p.get("access", ""))
                     for p in element.findall("property")},
        "signal": {s.get("name"): signal_signature(s) for s in element.findall("signal")},
    }


def format_member(kind, name, description):
    if kind == "method":
        args = ", ".join(f"{direction} {arg_type} {arg_name}"
                         for arg_name, arg_type, direction in description)
        return f"method {name}({args})"
    if kind == "property":
        arg_type, access = description
        return f"property {name} {arg_type} {access}"
    return f"signal {name}({', '.join(description)})"


def compare_interface(name, contract, actual):
    """Lines describing each difference; empty when they agree."""
    diffs = []
    for kind in ("method", "property", "signal"):
        want, got = contract[kind], actual[kind]
        for member in sorted(want.keys() | got.keys()):
            if member not in got:
                diffs.append(f"  - {format_member(kind, member, want[member])}"
                             "   (in the contract, not in the service)")
            elif member not in want:
                diffs.append(f"  + {format_member(kind, member, got[member])}"
                             "   (in the service, not in the contract)")
            elif want[member] != got[member]:
                diffs.append(f"  - {format_member(kind, member, want[member])}   (contract)")
                diffs.append(f"  + {format_member(kind, member, got[member])}   (service)")
    return [f"{name}:"] + diffs if diffs else []


def parse(path):
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        sys.exit(2)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    contract_path, actual_path = argv[1], argv[2]
    contract_root, actual_root = parse(contract_path), parse(actual_path)
    actual_interfaces = {i.get("name"): i for i in actual_root.findall("interface")}
    contract_interfaces = contract_root.findall("interface")
    if not contract_interfaces:
        print(f"error: {contract_path} declares no interface", file=sys.stderr)
        return 2

    report = []
    for interface in contract_interfaces:
        name = interface.get("name")
        if name not in actual_interfaces:
            report.append(f"{name}: not implemented by the service (it has: "
                          f"{', '.join(sorted(actual_interfaces)) or 'nothing'})")
            continue
        diffs = compare_interface(name, describe_interface(interface),
                                  describe_interface(actual_interfaces[name]))
        if diffs:
            report += diffs
        else:
            print(f"ok: {name} matches {contract_path}")

    if report:
        print(f"MISMATCH between {contract_path} (-) and the service's introspection {actual_path} (+):")
        print("\n".join(report))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
