<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>Presentation</name>
        <message numerus="yes">
            <source>%n day(s) %1</source>
            <comment>duration</comment>
            <translation>
                <numerusform>%n day %1</numerusform>
                <numerusform>%n days %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>pppkit::tray::StatusWindow</name>
        <message numerus="yes">
            <source>next attempt in %n second(s)</source>
            <translation>
                <numerusform>next attempt in %n second</numerusform>
                <numerusform>next attempt in %n seconds</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1 (%n packet(s))</source>
            <translation>
                <numerusform>%1 (%n packet)</numerusform>
                <numerusform>%1 (%n packets)</numerusform>
            </translation>
        </message>
    </context>
</TS>
