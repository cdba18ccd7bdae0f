using System.Text;
using Confluent.Kafka;
using KafkaNet.Cli.Arguments;

namespace KafkaNet.Cli.ConsoleClients;

/// <summary>
/// How console-producer reads a line: "h1:v1,h2:v2{headers.delimiter}key{key.separator}value",
/// the headers part only with parse.headers and the key only with parse.key.
/// </summary>
internal sealed record LineFormat(
    bool ParseKey = false,
    string KeySeparator = "\t",
    bool ParseHeaders = false,
    string HeadersDelimiter = "\t",
    string HeadersSeparator = ",",
    string HeadersKeySeparator = ":")
{
    /// <summary>Refuses empty separators, which would split every line at its start.</summary>
    public void Check()
    {
        foreach (var (name, value) in new[]
        {
            ("key.separator", KeySeparator), ("headers.delimiter", HeadersDelimiter),
            ("headers.separator", HeadersSeparator), ("headers.key.separator", HeadersKeySeparator),
        })
        {
            if (value.Length == 0)
            {
                throw new UsageException($"--property {name} must not be empty.");
            }
        }
    }

    /// <summary>The record a line stands for; null key without parse.key, no headers without parse.headers.</summary>
    /// <param name="lineNumber">From 1, for the error message.</param>
    /// <exception cref="CommandFailedException">A separator the format needs is missing from the line.</exception>
    public Message<byte[]?, byte[]?> Read(string line, long lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        var message = new Message<byte[]?, byte[]?> { Headers = [] };
        var rest = line;
        if (ParseHeaders)
        {
            var (headers, afterHeaders) = Split(rest, HeadersDelimiter, "headers delimiter", line, lineNumber);
            rest = afterHeaders;
            foreach (var header in headers.Length == 0 ? [] : headers.Split(HeadersSeparator))
            {
                var colon = header.IndexOf(HeadersKeySeparator, StringComparison.Ordinal);
                message.Headers.Add(colon < 0
                    ? new Header(header, null)
                    : new Header(header[..colon], Encoding.UTF8.GetBytes(header[(colon + HeadersKeySeparator.Length)..])));
            }
        }

        if (ParseKey)
        {
            var (key, value) = Split(rest, KeySeparator, "key separator", line, lineNumber);
            message.Key = Encoding.UTF8.GetBytes(key);
            rest = value;
        }

        message.Value = Encoding.UTF8.GetBytes(rest);
        return message;
    }

    private static (string Before, string After) Split(string text, string separator, string what, string line, long lineNumber)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new CommandFailedException($"No {what} found on line number {lineNumber}: '{line}'");
        }

        return (text[..at], text[(at + separator.Length)..]);
    }
}
