using KafkaNet.Cli.Output;

namespace KafkaNet.Cli.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_are_padded_to_their_widest_cell_without_trailing_spaces()
    {
        var table = new TextTable("Name", "Count", "Note")
            .Add("a-long-name", "1", string.Empty)
            .Add("b", "12345678", "x");

        Assert.Equal("Name         Count     Note\na-long-name  1\nb            12345678  x", table.ToString());
        Assert.Equal(2, table.RowCount);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TextTable("A", "B").Add("only one"));
    }
}
