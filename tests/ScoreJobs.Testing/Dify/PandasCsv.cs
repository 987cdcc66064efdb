using System.Text;

namespace ScoreJobs.Testing.Dify;

/// <summary>
/// A dataset as pandas' <c>DataFrame.to_csv</c> writes a RAGAS export: the index as an unnamed first column, list
/// columns as Python's <c>str()</c> of the list, cells quoted only when needed (quotes doubled), and with
/// <c>encoding="utf-8-sig"</c> a byte order mark in front.
/// </summary>
public static class PandasCsv
{
    public static byte[] Write(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        text.Append(',').AppendJoin(',', columns.Select(Cell)).Append('\n');
        var index = 0;
        foreach (var row in rows)
        {
            text.Append(index++).Append(',').AppendJoin(',', row.Select(value => Cell(DifyTemplate.PythonStr(value)))).Append('\n');
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
