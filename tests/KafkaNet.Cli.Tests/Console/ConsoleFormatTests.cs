using System.Text;
using Confluent.Kafka;
using KafkaNet.Cli.Arguments;
using KafkaNet.Cli.ConsoleClients;

namespace KafkaNet.Cli.Tests.Console;

/// <summary>The line console-producer reads and the line console-consumer prints, without a cluster.</summary>
public sealed class ConsoleFormatTests
{
    private static readonly LineFormat KeysAndHeaders = new(ParseKey: true, KeySeparator: ":", ParseHeaders: true);

    [Fact]
    public void A_line_splits_into_headers_key_and_value_at_the_first_separators()
    {
        var message = KeysAndHeaders.Read("h1:v1,h2:a:b,h3\tk:v:w", 1);

        Assert.Equal("k", Encoding.UTF8.GetString(message.Key!));
        Assert.Equal("v:w", Encoding.UTF8.GetString(message.Value!));
        Assert.Equal(["h1", "h2", "h3"], message.Headers.Select(h => h.Key));
        Assert.Equal("v1", Encoding.UTF8.GetString(message.Headers[0].GetValueBytes()));
        Assert.Equal("a:b", Encoding.UTF8.GetString(message.Headers[1].GetValueBytes()));
        Assert.Null(message.Headers[2].GetValueBytes());
    }

    [Fact]
    public void Without_parse_key_the_whole_line_is_the_value_and_the_key_is_null()
    {
        var message = new LineFormat().Read("a\tb:c", 1);

        Assert.Null(message.Key);
        Assert.Equal("a\tb:c", Encoding.UTF8.GetString(message.Value!));
        Assert.Empty(message.Headers);
    }

    [Fact]
    public void A_line_without_a_needed_separator_is_an_error_naming_the_line()
    {
        var key = Assert.Throws<CommandFailedException>(() => new LineFormat(ParseKey: true).Read("no separator", 7));
        Assert.Equal("No key separator found on line number 7: 'no separator'", key.Message);
        var headers = Assert.Throws<CommandFailedException>(() => KeysAndHeaders.Read("k:v", 2));
        Assert.Equal("No headers delimiter found on line number 2: 'k:v'", headers.Message);
    }

    [Fact]
    public void A_record_prints_its_fields_in_order_with_null_literals()
    {
        var record = Record(key: null, value: "v", headers: new Headers { { "a", Encoding.UTF8.GetBytes("1") }, { "b", null } });
        var every = new RecordFormat(PrintKey: true, PrintTimestamp: true, PrintPartition: true, PrintOffset: true, PrintHeaders: true);

        Assert.Equal("CreateTime:1700000000000\tPartition:3\tOffset:42\ta:1,b:null\tnull\tv\n", every.Format(record));
        Assert.Equal("Offset:42|-\r\n", new RecordFormat(PrintKey: true, PrintValue: false, PrintOffset: true, KeySeparator: "|", LineSeparator: "\r\n", NullLiteral: "-").Format(record));
        Assert.Equal("NO_HEADERS;k\n", new RecordFormat(PrintKey: true, PrintValue: false, PrintHeaders: true, KeySeparator: ";").Format(Record("k", "v", [])));
        Assert.Equal(string.Empty, new RecordFormat(PrintValue: false).Format(record));
    }

    private static ConsumeResult<byte[]?, byte[]?> Record(string? key, string value, Headers headers) => new()
    {
        TopicPartitionOffset = new TopicPartitionOffset("t", 3, 42),
        Message = new Message<byte[]?, byte[]?>
        {
            Key = key is null ? null : Encoding.UTF8.GetBytes(key),
            Value = Encoding.UTF8.GetBytes(value),
            Headers = headers,
            Timestamp = new Timestamp(1_700_000_000_000, TimestampType.CreateTime),
        },
    };
}
