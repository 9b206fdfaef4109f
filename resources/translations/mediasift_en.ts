<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>FoldersDialog</name>
    <message numerus="yes">
        <source>%Ln indexed · {state}</source>
        <translation>
            <numerusform>%Ln indexed · {state}</numerusform>
            <numerusform>%Ln indexed · {state}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln result</numerusform>
            <numerusform>%Ln results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln newest item(s)</source>
        <translation>
            <numerusform>%Ln newest item</numerusform>
            <numerusform>%Ln newest items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message numerus="yes">
        <source>%Ln not indexed</source>
        <translation>
            <numerusform>%Ln not indexed</numerusform>
            <numerusform>%Ln not indexed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note(s)</source>
        <translation>
            <numerusform>%Ln note</numerusform>
            <numerusform>%Ln notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scanning {folder}: %Ln file(s)</source>
        <translation>
            <numerusform>Scanning {folder}: %Ln file</numerusform>
            <numerusform>Scanning {folder}: %Ln files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Speech recognition is not available yet: %Ln recording(s) wait (see Models…)</source>
        <translation>
            <numerusform>Speech recognition is not available yet: %Ln recording waits (see Models…)</numerusform>
            <numerusform>Speech recognition is not available yet: %Ln recordings wait (see Models…)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new or changed</source>
        <translation>
            <numerusform>%Ln new or changed</numerusform>
            <numerusform>%Ln new or changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln moved or copied</source>
        <translation>
            <numerusform>%Ln moved or copied</numerusform>
            <numerusform>%Ln moved or copied</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln removed</source>
        <translation>
            <numerusform>%Ln removed</numerusform>
            <numerusform>%Ln removed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting for the speech model</source>
        <translation>
            <numerusform>%Ln waiting for the speech model</numerusform>
            <numerusform>%Ln waiting for the speech model</numerusform>
        </translation>
    </message>
</context>
</TS>
