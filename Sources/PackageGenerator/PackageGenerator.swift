import NBCore
