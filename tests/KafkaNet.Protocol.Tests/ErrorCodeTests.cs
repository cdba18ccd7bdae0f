using KafkaNet.Protocol;

namespace KafkaNet.Protocol.Tests;

public class ErrorCodeTests
{
    [Theory]
    [InlineData(ErrorCode.UnknownServerError, -1)]
    [InlineData(ErrorCode.None, 0)]
    [InlineData(ErrorCode.OffsetOutOfRange, 1)]
    [InlineData(ErrorCode.CorruptMessage, 2)]
    [InlineData(ErrorCode.NotLeaderOrFollower, 6)]
    [InlineData(ErrorCode.UnsupportedVersion, 35)]
    [InlineData(ErrorCode.InvalidRecord, 87)]
    [InlineData(ErrorCode.UnknownTopicId, 100)]
    [InlineData(ErrorCode.TransactionAbortable, 120)]
    [InlineData(ErrorCode.InvalidRecordState, 121)]
    [InlineData(ErrorCode.ShareSessionNotFound, 122)]
    [InlineData(ErrorCode.InvalidRegularExpression, 128)]
    [InlineData(ErrorCode.RebootstrapRequired, 129)]
    [InlineData(ErrorCode.StreamsInvalidTopology, 130)]
    [InlineData(ErrorCode.ShareSessionLimitReached, 133)]
    public void Codes_have_kafka_wire_numbers(ErrorCode code, short wire)
    {
        Assert.Equal(wire, (short)code);
    }

    [Fact]
    public void Code_numbers_are_unique()
    {
        short[] numbers = Enum.GetValues<ErrorCode>().Select(c => (short)c).ToArray();
        Assert.Equal(numbers.Length, numbers.Distinct().Count());
        Assert.True(numbers.Length >= 135);
    }

    [Fact]
    public void Every_published_code_has_matching_number_name_and_retriability()
    {
        var published = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "kafka-error-codes.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' '))
            .ToList();

        Assert.Equal(published.Count, Enum.GetValues<ErrorCode>().Length);
        foreach (string[] row in published)
        {
            var code = (ErrorCode)short.Parse(row[0]);
            Assert.True(ErrorCodes.IsKnown(code), row[1]);
            Assert.Equal(row[1], ErrorCodes.Name(code));
            Assert.Equal(bool.Parse(row[2]), ErrorCodes.IsRetriable(code));
        }
    }

    [Theory]
    [InlineData(ErrorCode.UnsupportedVersion, "UNSUPPORTED_VERSION")]
    [InlineData(ErrorCode.UnknownServerError, "UNKNOWN_SERVER_ERROR")]
    [InlineData(ErrorCode.None, "NONE")]
    [InlineData(ErrorCode.InvalidTopicException, "INVALID_TOPIC_EXCEPTION")]
    [InlineData(ErrorCode.FetchSessionTopicIdError, "FETCH_SESSION_TOPIC_ID_ERROR")]
    public void Name_gives_kafka_upper_snake_name(ErrorCode code, string name)
    {
        Assert.Equal(name, ErrorCodes.Name(code));
    }

    [Fact]
    public void Name_of_undefined_code_says_so_without_throwing()
    {
        Assert.False(ErrorCodes.IsKnown((ErrorCode)999));
        Assert.Equal("UNKNOWN_ERROR_CODE(999)", ErrorCodes.Name((ErrorCode)999));
        Assert.Equal("UNKNOWN_ERROR_CODE(-7)", ErrorCodes.Name((ErrorCode)(-7)));
    }

    [Theory]
    [InlineData(ErrorCode.NotLeaderOrFollower, true)]
    [InlineData(ErrorCode.RequestTimedOut, true)]
    [InlineData(ErrorCode.CorruptMessage, true)]
    [InlineData(ErrorCode.UnsupportedVersion, false)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, false)]
    [InlineData(ErrorCode.None, false)]
    public void Retriable_matches_kafka_classification(ErrorCode code, bool retriable)
    {
        Assert.Equal(retriable, ErrorCodes.IsRetriable(code));
    }
}
