using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// Reads agreement's pairs (job id, judge, judge model, prompt version, rater, human) through SQLite's own statement
/// API rather than <see cref="SqliteDataReader"/>: the reader makes a new string of every text cell, and at 100,000
/// labelled jobs those four strings a row were two thirds of the read. Here a text cell equal to the same column of the
/// row before (a job's raters sit together; judge models, prompt versions and raters repeat) reuses its string.
/// </summary>
internal static class SqliteLabelledScores
{
    public static List<LabelledScore> Read(SqliteConnection connection, SqliteCommand command)
    {
        var code = raw.sqlite3_prepare_v2(connection.Handle, command.CommandText, out var statement);
        using (statement)
        {
            Check(connection, code);
            foreach (SqliteParameter parameter in command.Parameters) Bind(connection, statement, parameter);
            var jobId = new LastText();
            var model = new LastText();
            var prompt = new LastText();
            var rater = new LastText();
            var pairs = new List<LabelledScore>();
            while ((code = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                pairs.Add(new LabelledScore(
                    jobId.Of(statement, 0)!, raw.sqlite3_column_double(statement, 1), model.Of(statement, 2), prompt.Of(statement, 3),
                    rater.Of(statement, 4)!, raw.sqlite3_column_double(statement, 5)));
            }

            if (code != raw.SQLITE_DONE) Check(connection, code);
            return pairs;
        }
    }

    /// <summary>
    /// The pairs (in job id order) of the jobs <paramref name="command"/> returns, one job id a row in ascending order:
    /// a merge of the two, no lookup.
    /// </summary>
    public static List<LabelledScore> Matching(ReadOnlySpan<LabelledScore> pairs, SqliteCommand command)
    {
        var matching = new List<LabelledScore>();
        using var reader = command.ExecuteReader();
        var at = 0;
        while (reader.Read() && at < pairs.Length)
        {
            var jobId = reader.GetString(0);
            while (at < pairs.Length && string.CompareOrdinal(pairs[at].JobId, jobId) < 0) at++;
            while (at < pairs.Length && pairs[at].JobId == jobId) matching.Add(pairs[at++]);
        }

        return matching;
    }

    private static void Bind(SqliteConnection connection, sqlite3_stmt statement, SqliteParameter parameter)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, parameter.ParameterName);
        if (index == 0) return;
        Check(connection, parameter.Value switch
        {
            string text => raw.sqlite3_bind_text(statement, index, text),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            double number => raw.sqlite3_bind_double(statement, index, number),
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            var other => throw new InvalidOperationException($"No binding for a {other.GetType().Name} parameter ({parameter.ParameterName})."),
        });
    }

    private static void Check(SqliteConnection connection, int code)
    {
        if (code is not raw.SQLITE_OK and not raw.SQLITE_ROW and not raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(code, connection.Handle);
    }

    // The string of one column's cell in the row before, and its UTF-8 bytes to compare the next row's cell with.
    private sealed class LastText
    {
        private byte[] _bytes = new byte[64];
        private int _length = -1;
        private string? _text;

        public string? Of(sqlite3_stmt statement, int column)
        {
            if (raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL) return null;
            var cell = raw.sqlite3_column_blob(statement, column);
            if (_length == cell.Length && cell.SequenceEqual(_bytes.AsSpan(0, _length))) return _text;
            if (cell.Length > _bytes.Length) _bytes = new byte[cell.Length * 2];
            cell.CopyTo(_bytes);
            _length = cell.Length;
            return _text = Encoding.UTF8.GetString(cell);
        }
    }
}
