import ArgumentParser

/// `nbship`: turns a Jupyter notebook and its exported model into a tested, versioned Swift package.
public struct NBShipCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "nbship",
        abstract: "Turn a Jupyter notebook and its exported model into a tested, versioned Swift package.",
        discussion: """
            Typical use:

              nbship convert churn.ipynb --model churn.pmml        writes dist/churn-1.0.0.tar.gz

              nbship check churn.ipynb --model churn.pmml          what nbship understood, writes nothing

            Cells are read, never executed. Tag cells `parameters`, `scaling`, `features`, `examples` and
            `model` (a hand-written model function) so nbship knows what they hold (see README).
            """,
        version: "0.1.0",
        subcommands: [
            ConvertCommand.self, CheckCommand.self, InspectCommand.self, VerifyCommand.self, DiffCommand.self,
            PredictCommand.self, ParamsCommand.self,
            ConformanceCommand.self,
        ])

    public init() {}
}
