#include "dbus_types.hpp"

#include <QDBusMetaType>

#include <QDBusVariant>
#include <QStringList>

QDBusArgument& operator<<(QDBusArgument& arg, const PppLogLine& line) {
    arg.beginStructure();
    arg << line.time << line.text;
    arg.endStructure();
    return arg;
}

const QDBusArgument& operator>>(const QDBusArgument& arg, PppLogLine& line) {
    arg.beginStructure();
    arg >> line.time >> line.text;
    arg.endStructure();
    return arg;
}

namespace pppkit::tray {

void registerDBusTypes() {
    qDBusRegisterMetaType<PppLogLine>();
    qDBusRegisterMetaType<PppLogLines>();
}

QVariant plainValue(const QVariant& value) {
    if (value.metaType() == QMetaType::fromType<QDBusVariant>())
        return plainValue(value.value<QDBusVariant>().variant());
    if (value.metaType() == QMetaType::fromType<QDBusArgument>()) {
        const auto arg = value.value<QDBusArgument>();
        // The contract's only array property type is "as".
        if (arg.currentType() == QDBusArgument::ArrayType && arg.currentSignature() == QLatin1String("as")) {
            QStringList list;
            arg >> list;
            return list;
        }
        if (arg.currentType() == QDBusArgument::MapType) return readVariantMap(arg);
    }
    return value;
}

QVariantMap readVariantMap(const QDBusArgument& arg) {
    QVariantMap map;
    arg.beginMap();
    while (!arg.atEnd()) {
        QString key;
        QDBusVariant value;
        arg.beginMapEntry();
        arg >> key >> value;
        arg.endMapEntry();
        map.insert(key, plainValue(value.variant()));
    }
    arg.endMap();
    return map;
}

InterfaceProperties readInterfaceProperties(const QDBusArgument& arg) {
    InterfaceProperties interfaces;
    arg.beginMap();
    while (!arg.atEnd()) {
        QString name;
        arg.beginMapEntry();
        arg >> name;
        interfaces.insert(name, readVariantMap(arg));
        arg.endMapEntry();
    }
    arg.endMap();
    return interfaces;
}

ManagedObjects readManagedObjects(const QDBusArgument& arg) {
    ManagedObjects objects;
    arg.beginMap();
    while (!arg.atEnd()) {
        QDBusObjectPath path;
        arg.beginMapEntry();
        arg >> path;
        objects.insert(path.path(), readInterfaceProperties(arg));
        arg.endMapEntry();
    }
    arg.endMap();
    return objects;
}

}  // namespace pppkit::tray
