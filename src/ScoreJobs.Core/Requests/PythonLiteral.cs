using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Requests;

/// <summary>
/// Reads the text Python's <c>str()</c>/<c>repr()</c> gives for a list or dict of strings, numbers, <c>None</c>,
/// <c>True</c>/<c>False</c>, lists and dicts, and writes it as JSON so the rest of the reader handles one shape. Dify
/// renders a Knowledge Retrieval result into a template that way, and pandas writes list columns to CSV that way.
/// Hand-written because no .NET library reads Python literals, and strict on purpose: nothing is evaluated, and
/// anything else (a call, a set, a bare name, text after the value) is refused with its position, never guessed.
/// One leniency: a raw line break inside a string is kept. Dify's quoted recipe (<c>"contexts": "{{#kr.result#}}"</c>)
/// sends the text through a JSON string, which turns Python's <c>\n</c> escapes into real line breaks.
/// </summary>
internal static class PythonLiteral
{
    private const int MaxDepth = 32;

    /// <summary>The literal as UTF-8 JSON, or null with <paramref name="error"/> saying what and where (1-based character).</summary>
    public static byte[]? ToJson(string text, out string? error)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var parser = new Parser(text, writer);
            error = parser.Run();
        }

        return error is null ? buffer.WrittenSpan.ToArray() : null;
    }

    private ref struct Parser(string text, Utf8JsonWriter writer)
    {
        private int _at;

        public string? Run()
        {
            try
            {
                SkipSpace();
                Value(0);
                SkipSpace();
                if (_at < text.Length) throw Fail("unexpected text after the value");
                writer.Flush();
                return null;
            }
            catch (FormatException ex)
            {
                return ex.Message;
            }
        }

        private void Value(int depth)
        {
            if (depth > MaxDepth) throw Fail($"nested deeper than {MaxDepth} levels");
            if (_at >= text.Length) throw Fail("the text ends where a value should be");
            switch (text[_at])
            {
                case '[':
                    Sequence(']', depth);
                    break;
                case '(':
                    Sequence(')', depth);
                    break;
                case '{':
                    Dict(depth);
                    break;
                case '\'' or '"':
                    writer.WriteStringValue(String());
                    break;
                case '-' or '+' or '.' or (>= '0' and <= '9'):
                    Number();
                    break;
                default:
                    Word();
                    break;
            }
        }

        private void Sequence(char close, int depth)
        {
            _at++;
            writer.WriteStartArray();
            SkipSpace();
            while (!TryTake(close))
            {
                Value(depth + 1);
                SkipSpace();
                if (TryTake(',')) SkipSpace();
                else if (_at >= text.Length) throw Fail($"the text ends before the closing '{close}'");
                else if (Peek() != close) throw Fail($"expected ',' or '{close}'");
            }

            writer.WriteEndArray();
        }

        private void Dict(int depth)
        {
            _at++;
            writer.WriteStartObject();
            SkipSpace();
            while (!TryTake('}'))
            {
                if (Peek() is not ('\'' or '"')) throw Fail("a dict key must be a quoted string");
                writer.WritePropertyName(String());
                SkipSpace();
                if (!TryTake(':')) throw Fail("expected ':' after a dict key");
                SkipSpace();
                Value(depth + 1);
                SkipSpace();
                if (TryTake(',')) SkipSpace();
                else if (_at >= text.Length) throw Fail("the text ends before the closing '}'");
                else if (Peek() != '}') throw Fail("expected ',' or '}'");
            }

            writer.WriteEndObject();
        }

        private string String()
        {
            var quote = text[_at];
            var start = _at++;
            var value = new StringBuilder();
            while (true)
            {
                if (_at >= text.Length) throw Fail("a string is never closed", start);
                var c = text[_at++];
                if (c == quote) break;
                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (_at >= text.Length) throw Fail("a string is never closed", start);
                var escape = text[_at++];
                switch (escape)
                {
                    case '\\' or '\'' or '"': value.Append(escape); break;
                    case 'n': value.Append('\n'); break;
                    case 't': value.Append('\t'); break;
                    case 'r': value.Append('\r'); break;
                    case 'a': value.Append('\a'); break;
                    case 'b': value.Append('\b'); break;
                    case 'f': value.Append('\f'); break;
                    case 'v': value.Append('\v'); break;
                    case 'x': value.Append(Hex(2)); break;
                    case 'u': value.Append(Hex(4)); break;
                    case 'U': value.Append(Hex(8)); break;
                    case >= '0' and <= '7':
                        var octal = escape - '0';
                        for (var i = 0; i < 2 && _at < text.Length && text[_at] is >= '0' and <= '7'; i++) octal = (octal * 8) + (text[_at++] - '0');
                        value.Append((char)octal);
                        break;
                    default:
                        // Python keeps an unknown escape as written (backslash included); repr() never writes one.
                        value.Append('\\').Append(escape);
                        break;
                }
            }

            return value.ToString();
        }

        private string Hex(int digits)
        {
            if (_at + digits > text.Length ||
                !int.TryParse(text.AsSpan(_at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) ||
                code is < 0 or > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
            {
                throw Fail($"a \\{(digits == 2 ? "x" : digits == 4 ? "u" : "U")} escape needs {digits} hex digits of a valid character", _at - 2);
            }

            _at += digits;
            return char.ConvertFromUtf32(code);
        }

        private void Number()
        {
            var start = _at;
            if (text[_at] is '-' or '+') _at++;
            while (_at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] is '.' or 'e' or 'E' or '_' ||
                                         (text[_at] is '-' or '+' && text[_at - 1] is 'e' or 'E')))
            {
                _at++;
            }

            var literal = text[start.._at].Replace("_", "", StringComparison.Ordinal);
            if (long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                writer.WriteNumberValue(whole);
            }
            else if (double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            {
                writer.WriteNumberValue(real);
            }
            else
            {
                throw Fail($"'{literal}' is not a number", start);
            }
        }

        private void Word()
        {
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
            switch (text[start.._at])
            {
                case "None": writer.WriteNullValue(); break;
                case "True": writer.WriteBooleanValue(true); break;
                case "False": writer.WriteBooleanValue(false); break;
                case "": throw Fail($"unexpected '{text[start]}'", start);
                case var name: throw Fail($"'{name}' is not a literal (only strings, numbers, None, True, False, lists and dicts are read)", start);
            }
        }

        private void SkipSpace()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private readonly char Peek() => _at < text.Length ? text[_at] : '\0';

        private bool TryTake(char c)
        {
            if (Peek() != c || _at >= text.Length) return false;
            _at++;
            return true;
        }

        private readonly FormatException Fail(string message) => Fail(message, _at);

        private static FormatException Fail(string message, int at) =>
            new(string.Create(CultureInfo.InvariantCulture, $"{message} at character {at + 1}"));
    }
}
