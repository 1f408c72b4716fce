import NBShipCLI
await NBShipCommand.main()
