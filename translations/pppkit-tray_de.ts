<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
    <context>
        <name>Presentation</name>
        <message>
            <source>Disconnected</source>
            <translation>Getrennt</translation>
        </message>
        <message>
            <source>Dialling</source>
            <translation>Wählt</translation>
        </message>
        <message>
            <source>Establishing the link</source>
            <translation>Verbindung wird aufgebaut</translation>
        </message>
        <message>
            <source>Authenticating</source>
            <translation>Anmeldung läuft</translation>
        </message>
        <message>
            <source>Negotiating addresses</source>
            <translation>Adressen werden ausgehandelt</translation>
        </message>
        <message>
            <source>Connected</source>
            <translation>Verbunden</translation>
        </message>
        <message>
            <source>Disconnecting</source>
            <translation>Wird getrennt</translation>
        </message>
        <message>
            <source>Waiting to redial</source>
            <translation>Wartet auf erneutes Wählen</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>Unbekannt</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>%1 ⇄ %2</source>
            <translation>%1 ⇄ %2</translation>
        </message>
        <message>
            <source>pppkit dial-up</source>
            <translation>pppkit-Einwahl</translation>
        </message>
        <message>
            <source>No dial-up connections are configured</source>
            <translation>Keine Einwahlverbindungen eingerichtet</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) %1</source>
            <comment>duration</comment>
            <translation>
                <numerusform>%n Tag %1</numerusform>
                <numerusform>%n Tage %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TrayApp</name>
        <message>
            <source>Dial-up connections in the system tray.</source>
            <translation>Einwahlverbindungen im Systembereich der Kontrollleiste.</translation>
        </message>
        <message>
            <source>Open the status window at start.</source>
            <translation>Beim Start das Statusfenster öffnen.</translation>
        </message>
        <message>
            <source>pppkit</source>
            <translation>pppkit</translation>
        </message>
        <message>
            <source>Cannot connect to the system bus: %1</source>
            <translation>Keine Verbindung zum Systembus: %1</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::Notifier</name>
        <message>
            <source>%1 connected</source>
            <translation>%1 verbunden</translation>
        </message>
        <message>
            <source>The link is up.</source>
            <translation>Die Verbindung steht.</translation>
        </message>
        <message>
            <source>Your address is %1.</source>
            <translation>Ihre Adresse ist %1.</translation>
        </message>
        <message>
            <source>%1: connection failed</source>
            <translation>%1: Verbindung fehlgeschlagen</translation>
        </message>
        <message>
            <source>The connection failed.</source>
            <translation>Die Verbindung ist fehlgeschlagen.</translation>
        </message>
        <message>
            <source>%1 disconnected</source>
            <translation>%1 getrennt</translation>
        </message>
        <message>
            <source>%1: cannot disconnect</source>
            <translation>%1: Trennen nicht möglich</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::ServiceClient</name>
        <message>
            <source>The pppkit service stopped</source>
            <translation>Der pppkit-Dienst wurde beendet</translation>
        </message>
        <message>
            <source>The pppkit service is not installed or cannot be started.</source>
            <translation>Der pppkit-Dienst ist nicht installiert oder kann nicht gestartet werden.</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::StatusWindow</name>
        <message>
            <source>State:</source>
            <translation>Zustand:</translation>
        </message>
        <message>
            <source>Reason:</source>
            <translation>Grund:</translation>
        </message>
        <message>
            <source>Device:</source>
            <translation>Gerät:</translation>
        </message>
        <message>
            <source>Speed:</source>
            <translation>Geschwindigkeit:</translation>
        </message>
        <message>
            <source>Interface:</source>
            <translation>Schnittstelle:</translation>
        </message>
        <message>
            <source>Local address:</source>
            <translation>Lokale Adresse:</translation>
        </message>
        <message>
            <source>Remote address:</source>
            <translation>Entfernte Adresse:</translation>
        </message>
        <message>
            <source>IPv6 address:</source>
            <translation>IPv6-Adresse:</translation>
        </message>
        <message>
            <source>DNS servers:</source>
            <translation>DNS-Server:</translation>
        </message>
        <message>
            <source>MTU:</source>
            <translation>MTU:</translation>
        </message>
        <message>
            <source>Authentication:</source>
            <translation>Authentifizierung:</translation>
        </message>
        <message>
            <source>Connected since:</source>
            <translation>Verbunden seit:</translation>
        </message>
        <message>
            <source>Received:</source>
            <translation>Empfangen:</translation>
        </message>
        <message>
            <source>Sent:</source>
            <translation>Gesendet:</translation>
        </message>
        <message>
            <source>Traffic (last minute):</source>
            <translation>Datenverkehr (letzte Minute):</translation>
        </message>
        <message>
            <source>Log:</source>
            <translation>Protokoll:</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>&amp;Verbinden</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>&amp;Trennen</translation>
        </message>
        <message>
            <source>C&amp;lose</source>
            <translation>&amp;Schließen</translation>
        </message>
        <message>
            <source>Dial-up status</source>
            <translation>Einwahlstatus</translation>
        </message>
        <message>
            <source>%1 — dial-up status</source>
            <translation>%1 — Einwahlstatus</translation>
        </message>
        <message numerus="yes">
            <source>next attempt in %n second(s)</source>
            <translation>
                <numerusform>nächster Versuch in %n Sekunde</numerusform>
                <numerusform>nächster Versuch in %n Sekunden</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 bit/s</source>
            <translation>%1 Bit/s</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message numerus="yes">
            <source>%1 (%n packet(s))</source>
            <translation>
                <numerusform>%1 (%n Paket)</numerusform>
                <numerusform>%1 (%n Pakete)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::TrafficGraph</name>
        <message>
            <source>peak %1</source>
            <translation>Spitze %1</translation>
        </message>
        <message>
            <source>sent</source>
            <translation>gesendet</translation>
        </message>
        <message>
            <source>received</source>
            <translation>empfangen</translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::TrayMenu</name>
        <message>
            <source>No dial-up connections are configured</source>
            <translation>Keine Einwahlverbindungen eingerichtet</translation>
        </message>
        <message>
            <source>Connection &amp;Status…</source>
            <translation>Verbindungs&amp;status…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Beenden</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>Address %1</source>
            <translation>Adresse %1</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>&amp;Verbinden</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>&amp;Trennen</translation>
        </message>
        <message>
            <source>Details…</source>
            <translation>Details…</translation>
        </message>
        <message>
            <source>&amp;Notifications</source>
            <translation>Be&amp;nachrichtigungen</translation>
        </message>
        <message>
            <source>When a link &amp;connects</source>
            <translation>Wenn eine Verbindung &amp;hergestellt ist</translation>
        </message>
        <message>
            <source>When a link &amp;disconnects</source>
            <translation>Wenn eine Verbindung &amp;getrennt wird</translation>
        </message>
        <message>
            <source>When a connection &amp;fails</source>
            <translation>Wenn eine Verbindung &amp;fehlschlägt</translation>
        </message>
        <message>
            <source>The pppkit service is not running</source>
            <translation>Der pppkit-Dienst läuft nicht</translation>
        </message>
    </context>
</TS>
