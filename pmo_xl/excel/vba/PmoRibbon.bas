Attribute VB_Name = "PmoRibbon"
Option Explicit

' The PMO ribbon tab: every button calls PmoAction with its own id.
' The work is done in Python by pmo_xl.excel.ribbon.dispatch, through
' xlwings' RunPython, on the workbook that is active when the button is pressed.

Public Sub PmoAction(control As IRibbonControl)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Ouvrez d'abord le classeur maître du portefeuille.", vbExclamation, "PMO"
        Exit Sub
    End If
    RunPython "import pmo_xl.excel.ribbon; pmo_xl.excel.ribbon.dispatch('" & control.Id & "')"
End Sub
