import NBShipCLI

NBShipCommand.main()
