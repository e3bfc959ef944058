// A Modbus TCP server built on the npm package modbus-serial, used by
// TestNPMPeer as a peer written outside this project. Holding register i is
// 1000+i and input register i is 2000+i for i below 200; higher addresses
// get exception 0x02. Coil i is on for odd i below 64. Writes are stored.
// Usage: node server.js PORT. It prints "ready" once it listens.
"use strict";
const ModbusRTU = require("modbus-serial");

const port = Number(process.argv[2]);
const holding = new Map();
const coils = new Map();
for (let i = 0; i < 200; i++) holding.set(i, 1000 + i);
for (let i = 0; i < 64; i++) coils.set(i, i % 2 === 1);

function illegalAddress(addr) {
    const err = new Error("illegal data address " + addr);
    err.modbusErrorCode = 0x02;
    return err;
}

const vector = {
    getHoldingRegister(addr) {
        if (!holding.has(addr)) throw illegalAddress(addr);
        return holding.get(addr);
    },
    getInputRegister(addr) {
        if (addr >= 200) throw illegalAddress(addr);
        return 2000 + addr;
    },
    getCoil(addr) {
        if (!coils.has(addr)) throw illegalAddress(addr);
        return coils.get(addr);
    },
    setRegister(addr, value) {
        if (!holding.has(addr)) throw illegalAddress(addr);
        holding.set(addr, value);
    },
    setCoil(addr, value) {
        if (!coils.has(addr)) throw illegalAddress(addr);
        coils.set(addr, value);
    },
};

const server = new ModbusRTU.ServerTCP(vector, { host: "127.0.0.1", port: port, unitID: 1 });
server.on("initialized", () => console.log("ready"));
server.on("serverError", (err) => {
    console.error(err);
    process.exit(1);
});
