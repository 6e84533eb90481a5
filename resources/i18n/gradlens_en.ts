<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English needs no translation, only the plural forms of the texts that hold a count (Qt's %n): one form for 1,
     one for every other count. The source says "file(s)" for every count. -->
<TS version="2.1" language="en">
<context>
    <name>DatasetSummaryView</name>
    <message numerus="yes">
        <source>%n unreadable file(s) left out</source>
        <translation>
            <numerusform>%n unreadable file left out</numerusform>
            <numerusform>%n unreadable files left out</numerusform>
        </translation>
    </message>
</context>
</TS>
